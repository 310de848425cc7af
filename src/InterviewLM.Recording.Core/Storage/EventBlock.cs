namespace InterviewLM.Recording.Storage;

/// <summary>Represents one whole, verified block read back from an events file.</summary>
/// <param name="Location">Where the block sits.</param>
/// <param name="Events">The block's events, in sequence order.</param>
public sealed record EventBlock(BlockLocation Location, IReadOnlyList<RecordedEvent> Events);
