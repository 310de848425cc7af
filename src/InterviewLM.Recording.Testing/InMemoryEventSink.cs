using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Testing;

/// <summary>Represents an <see cref="IEventSink"/> that keeps blocks in memory, for tests of recorders and producers.</summary>
/// <remarks>
/// Thread-safe for reading while a recorder writes. Writes can be held back with <see cref="Pause"/> (to fill a recorder's
/// queue) and made to fail with <see cref="FailWith"/>.
/// </remarks>
public sealed class InMemoryEventSink : IEventSink
{
    private readonly Lock _gate = new();
    private readonly List<RecordedEvent[]> _blocks = [];
    private TaskCompletionSource _resume = CreateOpenGate();
    private Exception? _failure;

    /// <summary>Gets a value indicating whether <see cref="IEventSink.CompleteAsync"/> was called.</summary>
    public bool IsCompleted { get; private set; }

    /// <summary>Gets a value indicating whether the sink was disposed.</summary>
    public bool IsDisposed { get; private set; }

    /// <summary>Gets a copy of the blocks written so far.</summary>
    public IReadOnlyList<IReadOnlyList<RecordedEvent>> Blocks
    {
        get
        {
            lock (_gate)
            {
                return [.. _blocks];
            }
        }
    }

    /// <summary>Gets a copy of every event written so far, in order.</summary>
    public IReadOnlyList<RecordedEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _blocks.SelectMany(b => b)];
            }
        }
    }

    /// <summary>Holds back every write until <see cref="Resume"/> is called.</summary>
    public void Pause()
    {
        lock (_gate)
        {
            if (_resume.Task.IsCompleted)
            {
                _resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    /// <summary>Lets held-back writes go on.</summary>
    public void Resume()
    {
        lock (_gate)
        {
            _resume.TrySetResult();
        }
    }

    /// <summary>Makes every following write throw <paramref name="failure"/>.</summary>
    /// <param name="failure">The exception to throw.</param>
    /// <exception cref="ArgumentNullException"><paramref name="failure"/> is <see langword="null"/>.</exception>
    public void FailWith(Exception failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        _failure = failure;
    }

    /// <inheritdoc/>
    public async ValueTask WriteAsync(ReadOnlyMemory<RecordedEvent> block, CancellationToken cancellationToken = default)
    {
        Task resume;
        lock (_gate)
        {
            resume = _resume.Task;
        }

        await resume.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (_failure is { } failure)
        {
            throw failure;
        }

        lock (_gate)
        {
            _blocks.Add(block.ToArray());
        }
    }

    /// <inheritdoc/>
    public ValueTask CompleteAsync(CancellationToken cancellationToken = default)
    {
        IsCompleted = true;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        IsDisposed = true;
        return ValueTask.CompletedTask;
    }

    private static TaskCompletionSource CreateOpenGate()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gate.SetResult();
        return gate;
    }
}
