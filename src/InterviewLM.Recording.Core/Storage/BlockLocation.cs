namespace InterviewLM.Recording.Storage;

/// <summary>Represents where one block sits in an events file and what it holds.</summary>
/// <param name="Index">The zero-based block number.</param>
/// <param name="Offset">The byte offset of the block's first byte.</param>
/// <param name="Length">The block's length in bytes, framing included.</param>
/// <param name="FirstSequence">The sequence number of the block's first event.</param>
/// <param name="FirstTime">The time of the block's first event.</param>
/// <param name="EventCount">The number of events in the block.</param>
public readonly record struct BlockLocation(int Index, long Offset, long Length, long FirstSequence, TimeSpan FirstTime, int EventCount);
