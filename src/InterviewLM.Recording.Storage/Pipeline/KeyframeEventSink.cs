namespace InterviewLM.Recording.Storage;

/// <summary>A layer that folds every block beside the writer and, after the block, writes the keyframes the fold says are due.</summary>
/// <remarks>
/// Keyframes never split a block of events: small blocks compress far worse (an hour of typing with full-content
/// snapshots every 30 s took 4.6× the bytes when cut at every keyframe). A keyframe names the first event after it, so a
/// reader restores it and skips the events of the block before it up to that one.
/// </remarks>
internal sealed class KeyframeEventSink(IEventSink inner, IKeyframeBuilder keyframes) : DelegatingEventSink(inner)
{
    private readonly List<(long NextSequence, TimeSpan Time, ReadOnlyMemory<byte> State)> _due = [];

    public override async ValueTask WriteAsync(ReadOnlyMemory<RecordedEvent> block, CancellationToken cancellationToken = default)
    {
        _due.Clear();
        foreach (var recorded in block.Span)
        {
            if (keyframes.Apply(recorded))
            {
                _due.Add((recorded.Sequence + 1, recorded.Time, keyframes.CreateKeyframe()));
            }
        }

        await base.WriteAsync(block, cancellationToken).ConfigureAwait(false);
        foreach (var (nextSequence, time, state) in _due)
        {
            await base.WriteKeyframeAsync(nextSequence, time, state, cancellationToken).ConfigureAwait(false);
        }
    }

    public override ValueTask WriteKeyframeAsync(long nextSequence, TimeSpan time, ReadOnlyMemory<byte> state, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("This pipeline places its own keyframes; it does not take keyframes made elsewhere.");
}
