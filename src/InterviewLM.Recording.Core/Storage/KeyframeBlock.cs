namespace InterviewLM.Recording.Storage;

/// <summary>Represents one whole, verified keyframe block read back from an events file.</summary>
/// <remarks>
/// A keyframe holds the state of the session's fold after every event whose sequence number is below
/// <see cref="BlockLocation.FirstSequence"/> of its <see cref="Location"/>; the bytes are opaque to storage (the package
/// that folds, InterviewLM.Recording.Replay, writes and reads them).
/// </remarks>
/// <param name="Location">Where the block sits (<see cref="BlockLocation.Kind"/> is <see cref="BlockKind.Keyframe"/>).</param>
/// <param name="State">The serialized state.</param>
public sealed record KeyframeBlock(BlockLocation Location, ReadOnlyMemory<byte> State);
