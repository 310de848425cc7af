using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Terminal.Tests;

/// <summary>Collects every recorded event in memory.</summary>
internal sealed class InMemoryEventSink : IEventSink
{
    private readonly Lock _gate = new();
    private readonly List<RecordedEvent> _events = [];

    public bool Completed { get; private set; }

    public IReadOnlyList<RecordedEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    public ValueTask WriteAsync(ReadOnlyMemory<RecordedEvent> block, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _events.AddRange(block.Span);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask CompleteAsync(CancellationToken cancellationToken = default)
    {
        Completed = true;
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
