using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Claude.Tests.Infrastructure;

/// <summary>An in-memory <see cref="IEventSink"/>: every block's events in a list.</summary>
public sealed class ListEventSink : IEventSink
{
    private readonly List<RecordedEvent> _events = [];

    public bool Completed { get; private set; }

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

    public ValueTask WriteAsync(ReadOnlyMemory<RecordedEvent> block, CancellationToken cancellationToken = default)
    {
        lock (_events)
        {
            _events.AddRange(block.ToArray());
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

/// <summary>An in-memory <see cref="IClaudeInteractionSink"/>.</summary>
public sealed class ListClaudeSink : IClaudeInteractionSink
{
    private readonly List<ClaudeInteraction> _items = [];

    public IReadOnlyList<ClaudeInteraction> Items
    {
        get
        {
            lock (_items)
            {
                return [.. _items];
            }
        }
    }

    public void Record(ClaudeInteraction interaction)
    {
        lock (_items)
        {
            _items.Add(interaction);
        }
    }
}
