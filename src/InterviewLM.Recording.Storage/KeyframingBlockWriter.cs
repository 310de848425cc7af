namespace InterviewLM.Recording.Storage;

/// <summary>Writes blocks of events through a codec's writer, ending a block and writing a keyframe block wherever the builder says one is due.</summary>
/// <remarks>Keeps every block's location (events and keyframes) for <c>index.json</c> and feeds the events to the statistics.</remarks>
internal sealed class KeyframingBlockWriter(IEventBlockWriter writer, IKeyframeBuilder? keyframes, SessionStatistics statistics)
{
    public List<BlockLocation> Blocks { get; } = [];

    /// <summary>Writes one block of events, split after every event a keyframe follows.</summary>
    /// <param name="block">The events.</param>
    /// <param name="afterWrite">Called after every block written (to force it to disk, for example).</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    public async ValueTask WriteAsync(ReadOnlyMemory<RecordedEvent> block, Action? afterWrite, CancellationToken cancellationToken)
    {
        var start = 0;
        if (keyframes is not null)
        {
            for (var i = 0; i < block.Length; i++)
            {
                var recorded = block.Span[i];
                if (!keyframes.Apply(recorded))
                {
                    continue;
                }

                await WriteEventsAsync(block[start..(i + 1)], afterWrite, cancellationToken).ConfigureAwait(false);
                var location = await writer.WriteKeyframeAsync(recorded.Sequence + 1, recorded.Time, keyframes.CreateKeyframe(), cancellationToken).ConfigureAwait(false);
                afterWrite?.Invoke();
                Blocks.Add(location);
                start = i + 1;
            }
        }

        if (start < block.Length)
        {
            await WriteEventsAsync(block[start..], afterWrite, cancellationToken).ConfigureAwait(false);
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
