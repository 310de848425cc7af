namespace InterviewLM.Recording.Storage;

/// <summary>Writes blocks of events through a codec's writer, ending a block and writing a keyframe block wherever the builder says one is due.</summary>
/// <remarks>Keeps every block's location (events and keyframes) for <c>index.json</c> and feeds the events to the statistics.</remarks>
internal sealed class KeyframingBlockWriter(IEventBlockWriter writer, IKeyframeBuilder? keyframes, SessionStatistics statistics)
{
    public List<BlockLocation> Blocks { get; } = [];

    /// <summary>Writes one block of events, then the keyframe blocks due after events inside it.</summary>
    /// <param name="block">The events.</param>
    /// <param name="afterWrite">Called after every block written (to force it to disk, for example).</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <remarks>
    /// Keyframes never split a block of events: small blocks compress far worse (an hour of typing with full-content
    /// snapshots every 30 s took 4.6× the bytes when cut at every keyframe). A keyframe names the first event after it, so
    /// a reader restores it and skips the events of the block before it up to that one.
    /// </remarks>
    public async ValueTask WriteAsync(ReadOnlyMemory<RecordedEvent> block, Action? afterWrite, CancellationToken cancellationToken)
    {
        if (block.IsEmpty)
        {
            return;
        }

        List<(long NextSequence, TimeSpan Time, ReadOnlyMemory<byte> State)>? due = null;
        if (keyframes is not null)
        {
            foreach (var recorded in block.Span)
            {
                if (keyframes.Apply(recorded))
                {
                    (due ??= []).Add((recorded.Sequence + 1, recorded.Time, keyframes.CreateKeyframe()));
                }
            }
        }

        await WriteEventsAsync(block, afterWrite, cancellationToken).ConfigureAwait(false);
        foreach (var (nextSequence, time, state) in due ?? [])
        {
            Blocks.Add(await writer.WriteKeyframeAsync(nextSequence, time, state, cancellationToken).ConfigureAwait(false));
            afterWrite?.Invoke();
        }
    }

    /// <summary>Writes a keyframe made elsewhere.</summary>
    public async ValueTask WriteKeyframeAsync(long nextSequence, TimeSpan time, ReadOnlyMemory<byte> state, CancellationToken cancellationToken) =>
        Blocks.Add(await writer.WriteKeyframeAsync(nextSequence, time, state, cancellationToken).ConfigureAwait(false));

    private async ValueTask WriteEventsAsync(ReadOnlyMemory<RecordedEvent> events, Action? afterWrite, CancellationToken cancellationToken)
    {
        var location = await writer.WriteBlockAsync(events, cancellationToken).ConfigureAwait(false);
        afterWrite?.Invoke();
        Blocks.Add(location);
        statistics.BeginBlock(location.Offset);
        foreach (var recorded in events.Span)
        {
            statistics.Add(recorded);
        }
    }
}
