namespace InterviewLM.Recording.Storage;

/// <summary>Represents where <see cref="IBlockFrameFormat.ReadFrame"/> reads: the stream offset and the number the next block would have.</summary>
public readonly struct BlockFrameContext
{
    /// <summary>Initializes a new instance of the <see cref="BlockFrameContext"/> struct.</summary>
    /// <param name="offset">The stream offset of the first byte to read.</param>
    /// <param name="blockIndex">The number the next block would have.</param>
    /// <param name="isStart">Whether the first byte to read is the first byte the reader read.</param>
    public BlockFrameContext(long offset, int blockIndex, bool isStart)
    {
        Offset = offset;
        BlockIndex = blockIndex;
        IsStart = isStart;
    }

    /// <summary>Gets the stream offset of the first byte to read (a seekable stream's position counts from its start).</summary>
    public long Offset { get; }

    /// <summary>Gets the number the next block would have: one more than the last block read or damaged, or 0 before any.</summary>
    public int BlockIndex { get; }

    /// <summary>Gets a value indicating whether the first byte to read is the first byte the reader read, where a file header would be.</summary>
    public bool IsStart { get; }
}
