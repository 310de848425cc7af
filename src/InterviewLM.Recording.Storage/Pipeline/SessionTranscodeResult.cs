namespace InterviewLM.Recording.Storage;

/// <summary>Represents what <see cref="SessionTranscoder.CopyAsync"/> copied.</summary>
/// <param name="Events">The number of events written.</param>
/// <param name="Blocks">The number of blocks of events written.</param>
/// <param name="DamagedParts">The number of damaged parts of the source that were skipped.</param>
public sealed record SessionTranscodeResult(long Events, int Blocks, int DamagedParts);
