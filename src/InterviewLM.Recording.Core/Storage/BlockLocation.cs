namespace InterviewLM.Recording.Storage;

/// <summary>Represents where one block sits in an events file and what it holds.</summary>
/// <param name="Index">The zero-based block number (event and keyframe blocks share the numbering).</param>
/// <param name="Offset">The byte offset of the block's first byte.</param>
/// <param name="Length">The block's length in bytes, framing included.</param>
/// <param name="FirstSequence">The sequence number of the block's first event; for a keyframe, the sequence number of the first event after it.</param>
/// <param name="FirstTime">The time of the block's first event; for a keyframe, the time of the last event folded into it.</param>
/// <param name="EventCount">The number of events in the block; zero for a keyframe.</param>
public readonly record struct BlockLocation(int Index, long Offset, long Length, long FirstSequence, TimeSpan FirstTime, int EventCount)
{
    /// <summary>Gets what the block holds.</summary>
    /// <value>The default is <see cref="BlockKind.Events"/>.</value>
    public BlockKind Kind { get; init; }
}
