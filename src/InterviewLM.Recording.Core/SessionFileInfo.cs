namespace InterviewLM.Recording;

/// <summary>Represents one file in <see cref="SessionMetadata.Files"/>.</summary>
/// <param name="FileId">The file identifier used by events.</param>
/// <param name="CreatedAt">The session time the file appeared.</param>
/// <param name="FinalHash">The content hash of the last snapshot, if any.</param>
public sealed record SessionFileInfo(string FileId, TimeSpan CreatedAt, string? FinalHash);
