namespace InterviewLM.Recording.Storage;

/// <summary>Represents a codec's writer of blocks to one stream.</summary>
public interface IEventBlockWriter : IAsyncDisposable
{
    /// <summary>Encodes one block and writes it to the stream.</summary>
    /// <param name="events">The events of the block, in sequence order; at least one.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>Where the block was written.</returns>
    ValueTask<BlockLocation> WriteBlockAsync(ReadOnlyMemory<RecordedEvent> events, CancellationToken cancellationToken = default);

    /// <summary>Writes a keyframe as a block of its own.</summary>
    /// <param name="nextSequence">The sequence number of the first event after the keyframe (the last folded event's plus one).</param>
    /// <param name="time">The time of the last event folded into the keyframe.</param>
    /// <param name="state">The serialized state.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>Where the block was written (<see cref="BlockLocation.Kind"/> is <see cref="BlockKind.Keyframe"/>).</returns>
    ValueTask<BlockLocation> WriteKeyframeAsync(long nextSequence, TimeSpan time, ReadOnlyMemory<byte> state, CancellationToken cancellationToken = default);

    /// <summary>Writes whatever the format puts after the last block (an index, a footer) and flushes.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the stream is finished.</returns>
    ValueTask CompleteAsync(CancellationToken cancellationToken = default);
}
