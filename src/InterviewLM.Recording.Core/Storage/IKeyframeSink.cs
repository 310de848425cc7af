namespace InterviewLM.Recording.Storage;

/// <summary>Represents a sink that stores keyframes (the serialized state of the session's fold) between its blocks of events.</summary>
/// <remarks>
/// Called by the same single writer as <see cref="IEventSink.WriteAsync"/>, never concurrently. A keyframe follows the block
/// that holds the last event folded into it; it never splits a block.
/// </remarks>
public interface IKeyframeSink
{
    /// <summary>Writes a keyframe after the blocks written so far.</summary>
    /// <param name="nextSequence">The sequence number of the first event after the keyframe (the last folded event's plus one).</param>
    /// <param name="time">The time of the last event folded into the keyframe.</param>
    /// <param name="state">The serialized state.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the keyframe is written.</returns>
    ValueTask WriteKeyframeAsync(long nextSequence, TimeSpan time, ReadOnlyMemory<byte> state, CancellationToken cancellationToken = default);
}
