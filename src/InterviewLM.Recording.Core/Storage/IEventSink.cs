namespace InterviewLM.Recording.Storage;

/// <summary>Represents where a recorder's blocks of events go.</summary>
/// <remarks>
/// A sink is called by one writer at a time, never concurrently. <see cref="WriteAsync"/> makes one block durable
/// (as far as the sink can) before it returns. <see cref="CompleteAsync"/> finalizes the session; disposing without
/// completing leaves what was written readable, as after a crash.
/// </remarks>
public interface IEventSink : IAsyncDisposable
{
    /// <summary>Writes one block of consecutive events.</summary>
    /// <param name="block">The events, in sequence order.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the block is written.</returns>
    ValueTask WriteAsync(ReadOnlyMemory<RecordedEvent> block, CancellationToken cancellationToken = default);

    /// <summary>Finalizes the session after its last block.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the session is finalized.</returns>
    ValueTask CompleteAsync(CancellationToken cancellationToken = default);
}
