namespace InterviewLM.Recording.Storage;

/// <summary>Represents what <see cref="IBlockFrameFormat.ReadFrame"/> found at the start of the unread bytes.</summary>
/// <remarks>
/// A format decides what a frame holds and whether its checks pass; <see cref="BlockFrameReader"/> decides the rest of the damage
/// taxonomy: bytes that are no frame are <see cref="BlockDamageKind.Garbage"/>, a frame the stream ends inside is a
/// <see cref="BlockDamageKind.TornTail"/>, and a frame that runs past the end while another frame starts later is
/// <see cref="BlockDamageKind.Malformed"/>.
/// </remarks>
public readonly struct BlockFrameResult
{
    private readonly string? _detail;

    private BlockFrameResult(BlockFrameStatus status, int length, int? blockIndex, BlockReadResult result, BlockDamageKind damageKind, string? detail)
    {
        Status = status;
        Length = length;
        BlockIndex = blockIndex;
        Result = result;
        DamageKind = damageKind;
        _detail = detail;
    }

    /// <summary>Gets a result saying the bytes do not start a frame.</summary>
    public static BlockFrameResult NotAFrame => default;

    /// <summary>Gets what was found.</summary>
    public BlockFrameStatus Status { get; }

    /// <summary>Gets the frame's length in bytes (<see cref="BlockFrameStatus.Read"/>, <see cref="BlockFrameStatus.Skip"/>,
    /// <see cref="BlockFrameStatus.Unreadable"/>), or the number of bytes the frame needs at least (<see cref="BlockFrameStatus.Incomplete"/>).</summary>
    /// <value>0 for the other statuses.</value>
    public int Length { get; }

    /// <summary>Gets the number of the block the frame is, when the format knows the frame is one (<see cref="BlockFrameStatus.Incomplete"/>,
    /// <see cref="BlockFrameStatus.Damaged"/>).</summary>
    /// <value><see langword="null"/> when the bytes are not known to be a block: damage is then reported with
    /// <see cref="BlockFrameContext.BlockIndex"/>, and the next block keeps that number.</value>
    public int? BlockIndex { get; }

    /// <summary>Gets the block, keyframe or damage the frame holds (<see cref="BlockFrameStatus.Read"/>).</summary>
    public BlockReadResult Result { get; }

    /// <summary>Gets the kind of damage (<see cref="BlockFrameStatus.Damaged"/>, <see cref="BlockFrameStatus.Unreadable"/>).</summary>
    public BlockDamageKind DamageKind { get; }

    /// <summary>Gets the one-line explanation of the damage (<see cref="BlockFrameStatus.Damaged"/>, <see cref="BlockFrameStatus.Unreadable"/>).</summary>
    /// <value>An empty string for the other statuses.</value>
    public string Detail => _detail ?? string.Empty;

    /// <summary>Creates a result holding a whole frame and what it holds.</summary>
    /// <param name="length">The frame's length in bytes, at most the bytes passed to <see cref="IBlockFrameFormat.ReadFrame"/>.</param>
    /// <param name="result">The block or keyframe; or damage, when the framing is sound but the content is not (the reader reports it as it is and goes on after the frame).</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is less than 1.</exception>
    /// <exception cref="ArgumentException"><paramref name="result"/> holds nothing.</exception>
    public static BlockFrameResult Read(int length, BlockReadResult result)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        if (result.Block is null && result.Keyframe is null && result.Damage is null)
        {
            throw new ArgumentException("The result holds no block, keyframe or damage.", nameof(result));
        }

        return new(BlockFrameStatus.Read, length, null, result, default, null);
    }

    /// <summary>Creates a result holding a whole frame with nothing to report, such as a file header or a footer.</summary>
    /// <param name="length">The frame's length in bytes, at most the bytes passed to <see cref="IBlockFrameFormat.ReadFrame"/>.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is less than 1.</exception>
    public static BlockFrameResult Skip(int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        return new(BlockFrameStatus.Skip, length, null, default, default, null);
    }

    /// <summary>Creates a result saying the frame needs more bytes than were passed.</summary>
    /// <param name="length">The number of bytes the frame needs at least (its whole length, once the format knows it), more than were passed.</param>
    /// <param name="blockIndex">The number of the block the frame is, when known (from its header, or <see cref="BlockFrameContext.BlockIndex"/> when the frame is surely a block).</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is less than 1.</exception>
    public static BlockFrameResult Incomplete(int length, int? blockIndex = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        return new(BlockFrameStatus.Incomplete, length, blockIndex, default, default, null);
    }

    /// <summary>Creates a result saying the frame's framing or content is damaged, so its length cannot be trusted: the reader resynchronizes on the next frame start.</summary>
    /// <param name="kind">What is wrong, typically <see cref="BlockDamageKind.ChecksumMismatch"/> or <see cref="BlockDamageKind.Malformed"/>.</param>
    /// <param name="detail">A one-line explanation.</param>
    /// <param name="blockIndex">The number of the block the frame is, when known (from its header, or <see cref="BlockFrameContext.BlockIndex"/> when the frame is surely a block).</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="detail"/> is <see langword="null"/>.</exception>
    public static BlockFrameResult Damaged(BlockDamageKind kind, string detail, int? blockIndex = null)
    {
        ArgumentNullException.ThrowIfNull(detail);
        return new(BlockFrameStatus.Damaged, 0, blockIndex, default, kind, detail);
    }

    /// <summary>Creates a result saying the stream cannot be read on from here, such as a format version the codec does not know: the reader reports it and stops.</summary>
    /// <param name="kind">What is wrong.</param>
    /// <param name="detail">A one-line explanation.</param>
    /// <param name="length">The number of bytes the damage covers, reported as <see cref="BlockDamage.Length"/>.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="detail"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    public static BlockFrameResult Unreadable(BlockDamageKind kind, string detail, int length)
    {
        ArgumentNullException.ThrowIfNull(detail);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return new(BlockFrameStatus.Unreadable, length, null, default, kind, detail);
    }
}
