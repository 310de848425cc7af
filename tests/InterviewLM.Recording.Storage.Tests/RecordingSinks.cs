namespace InterviewLM.Recording.Storage.Tests;

/// <summary>A sink that stores keyframes and logs every call it gets, for layer tests.</summary>
internal sealed class CallLogSink : IEventSink, IKeyframeSink
{
    public List<string> Calls { get; } = [];

    public List<RecordedEvent[]> Blocks { get; } = [];

    public List<(long Next, TimeSpan Time, byte[] State)> Keyframes { get; } = [];

    public bool Disposed { get; private set; }

    public ValueTask WriteAsync(ReadOnlyMemory<RecordedEvent> block, CancellationToken cancellationToken = default)
    {
        Calls.Add($"write {block.Length}");
        Blocks.Add(block.ToArray());
        return ValueTask.CompletedTask;
    }

    public ValueTask WriteKeyframeAsync(long nextSequence, TimeSpan time, ReadOnlyMemory<byte> state, CancellationToken cancellationToken = default)
    {
        Calls.Add($"keyframe {nextSequence}");
        Keyframes.Add((nextSequence, time, state.ToArray()));
        return ValueTask.CompletedTask;
    }

    public ValueTask CompleteAsync(CancellationToken cancellationToken = default)
    {
        Calls.Add("complete");
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Calls.Add("dispose");
        Disposed = true;
        return ValueTask.CompletedTask;
    }
}

/// <summary>A layer that logs, into a shared list, each call before passing it on.</summary>
internal sealed class NamedLayer(IEventSink inner, string name, List<string> log) : DelegatingEventSink(inner)
{
    public override ValueTask WriteAsync(ReadOnlyMemory<RecordedEvent> block, CancellationToken cancellationToken = default)
    {
        log.Add(name + " write");
        return base.WriteAsync(block, cancellationToken);
    }

    public override ValueTask CompleteAsync(CancellationToken cancellationToken = default)
    {
        log.Add(name + " complete");
        return base.CompleteAsync(cancellationToken);
    }

    protected override ValueTask DisposeAsyncCore()
    {
        log.Add(name + " dispose");
        return base.DisposeAsyncCore();
    }
}

/// <summary>A layer that overrides nothing.</summary>
internal sealed class PassThroughLayer(IEventSink inner) : DelegatingEventSink(inner);

/// <summary>A stand-in fold: a keyframe after every n-th event, holding that event's sequence number.</summary>
internal sealed class EveryNthKeyframe(int n) : IKeyframeBuilder
{
    private long _applied;
    private long _lastSequence;

    public static byte[] StateFor(long sequence) => BitConverter.GetBytes(sequence);

    public bool Apply(RecordedEvent recorded)
    {
        _lastSequence = recorded.Sequence;
        return ++_applied % n == 0;
    }

    public ReadOnlyMemory<byte> CreateKeyframe() => StateFor(_lastSequence);
}
