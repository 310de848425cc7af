namespace InterviewLM.Recording.Storage;

/// <summary>Represents a codec's framing of blocks in an events stream: where a frame starts, how long it is, and what it holds.</summary>
/// <remarks>
/// <see cref="BlockFrameReader"/> runs the read loop over a format: it buffers the stream, tracks offsets and block numbers,
/// resynchronizes after damage and reports it as <see cref="BlockDamage"/>; the format only looks at bytes.
/// The reader calls a format from one read at a time and never concurrently, so a format may keep scratch buffers for that
/// read (create one per read) or be stateless and shared. The bytes passed in are valid only during the call.
/// </remarks>
public interface IBlockFrameFormat
{
    /// <summary>Gets the number of bytes that identify a frame start: the most <see cref="IndexOfFrameStart"/> examines from a frame's first byte.</summary>
    /// <value>At least 1.</value>
    int FrameStartLength { get; }

    /// <summary>Returns the index of the first frame start in <paramref name="data"/> after its first byte, to resynchronize after damage.</summary>
    /// <param name="data">The bytes to search; <c>data[0]</c> is skipped (it starts the damage, or was searched before). A format whose frames
    /// start only after a separator (a new line) may examine <c>data[index - 1]</c>.</param>
    /// <returns>The index, 1 or more, of a frame start of which <paramref name="data"/> holds all <see cref="FrameStartLength"/> bytes, or -1
    /// when there is none. The reader keeps the last bytes of <paramref name="data"/> and asks again when more arrive.</returns>
    int IndexOfFrameStart(ReadOnlySpan<byte> data);

    /// <summary>Reads the frame at the start of <paramref name="data"/>.</summary>
    /// <param name="data">The unread bytes: at least <see cref="FrameStartLength"/>, unless the stream ends sooner; never empty.</param>
    /// <param name="context">Where <paramref name="data"/> starts in the stream and the number the next block would have.</param>
    /// <returns>A whole frame and what it holds (<see cref="BlockFrameResult.Read"/>, <see cref="BlockFrameResult.Skip"/>), how many bytes
    /// the frame needs (<see cref="BlockFrameResult.Incomplete"/>), <see cref="BlockFrameResult.NotAFrame"/>, or damage
    /// (<see cref="BlockFrameResult.Damaged"/>, <see cref="BlockFrameResult.Unreadable"/>).</returns>
    BlockFrameResult ReadFrame(ReadOnlyMemory<byte> data, in BlockFrameContext context);
}
