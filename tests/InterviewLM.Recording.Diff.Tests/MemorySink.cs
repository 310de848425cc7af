using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Diff.Tests;

/// <summary>Keeps every recorded event in memory.</summary>
internal sealed class MemorySink : IEventSink
{
    private readonly List<RecordedEvent> _events = [];

    public IReadOnlyList<RecordedEvent> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    public bool Completed { get; private set; }

    public ValueTask WriteAsync(ReadOnlyMemory<RecordedEvent> block, CancellationToken cancellationToken = default)
    {
        lock (_events)
        {
            _events.AddRange(block.Span);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public ValueTask CompleteAsync(CancellationToken cancellationToken = default)
    {
        Completed = true;
        return ValueTask.CompletedTask;
    }
}
