namespace InterviewLM.Recording.Storage.Protobuf;

/// <summary>What <see cref="SessionConverter"/> did.</summary>
/// <param name="Events">The number of events written.</param>
/// <param name="Blocks">The number of blocks written.</param>
/// <param name="DamagedParts">The number of damaged parts of the source that were skipped.</param>
/// <param name="EventsFileBytes">The size of the new events file.</param>
public sealed record SessionConversionResult(long Events, int Blocks, int DamagedParts, long EventsFileBytes);
