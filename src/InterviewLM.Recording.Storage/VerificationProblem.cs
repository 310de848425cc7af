namespace InterviewLM.Recording.Storage;

/// <summary>Represents one thing wrong with a stored session.</summary>
/// <param name="Kind">A short category, such as <c>ChecksumMismatch</c>, <c>TornTail</c> or <c>NotFinalized</c>.</param>
/// <param name="BlockIndex">The block concerned, or -1 when the problem is not in the events file.</param>
/// <param name="Offset">The byte offset in the events file.</param>
/// <param name="Detail">A one-line explanation naming the block and offset.</param>
public sealed record VerificationProblem(string Kind, int BlockIndex, long Offset, string Detail);
