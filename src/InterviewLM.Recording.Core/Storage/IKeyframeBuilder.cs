namespace InterviewLM.Recording.Storage;

/// <summary>Represents a fold that runs beside a writer of events and says when a keyframe is due.</summary>
/// <remarks>
/// The keyframe layer of a recording pipeline (<c>SessionPipelineBuilder.UseKeyframes</c> in the Storage package) applies
/// every event in order; when <see cref="Apply"/> returns <see langword="true"/> it writes <see cref="CreateKeyframe"/> as a
/// keyframe block of its own after the block that holds that event. One builder serves one stream; it is not thread-safe.
/// </remarks>
public interface IKeyframeBuilder
{
    /// <summary>Folds one event into the state.</summary>
    /// <param name="recorded">The event; events arrive in sequence order.</param>
    /// <returns><see langword="true"/> when a keyframe belongs right after this event.</returns>
    bool Apply(RecordedEvent recorded);

    /// <summary>Serializes the state after the last applied event.</summary>
    /// <returns>The keyframe's bytes.</returns>
    ReadOnlyMemory<byte> CreateKeyframe();
}
