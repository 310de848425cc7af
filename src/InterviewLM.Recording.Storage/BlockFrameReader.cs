using System.Runtime.CompilerServices;

namespace InterviewLM.Recording.Storage;

/// <summary>Reads the block frames of an events stream through an <see cref="IBlockFrameFormat"/>, recovering every whole block around damage.</summary>
/// <remarks>
/// This is the read loop of every codec (<see cref="IEventCodec.ReadAsync"/>): read a frame; when it is damaged, report a
/// <see cref="BlockDamage"/> with the block number, byte offset and bytes skipped, resynchronize on the next frame start
/// (<see cref="IBlockFrameFormat.IndexOfFrameStart"/>, from one byte past the damage's start, so every step advances) and go on.
/// <list type="bullet">
/// <item><description>Bytes that do not start a frame: <see cref="BlockDamageKind.Garbage"/>, up to the next frame start.</description></item>
/// <item><description>The stream ends inside a frame: <see cref="BlockDamageKind.TornTail"/> with the bytes left, and reading stops.</description></item>
/// <item><description>A frame runs past the end while another frame starts later (its length field is what is damaged):
/// <see cref="BlockDamageKind.Malformed"/>, then resynchronize.</description></item>
/// <item><description><see cref="BlockFrameResult.Damaged"/>: the format's kind and detail, then resynchronize; <see cref="BlockFrameResult.Unreadable"/>: report and stop.</description></item>
/// </list>
/// The reader buffers at most one frame plus what one stream read returns, and allocates nothing per block beyond what the format does.
/// </remarks>
public static class BlockFrameReader
{
    /// <summary>Reads every frame of <paramref name="source"/> from its current position, reporting damage instead of throwing.</summary>
    /// <param name="source">The stream; the reader does not own it. Offsets reported are the stream's positions (a stream that cannot seek counts from 0).</param>
    /// <param name="format">The codec's framing.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The blocks (events and keyframes) and the damage found, in stream order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> or <paramref name="format"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">While enumerating: <paramref name="format"/> broke its contract (a frame length beyond the bytes
    /// it was given, an <see cref="BlockFrameStatus.Incomplete"/> length it already had, a frame start index outside the bytes searched).</exception>
    public static IAsyncEnumerable<BlockReadResult> ReadAsync(Stream source, IBlockFrameFormat format, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(format);
        ArgumentOutOfRangeException.ThrowIfLessThan(format.FrameStartLength, 1, nameof(format));
        return ReadCoreAsync(source, format, cancellationToken);
    }

    private static async IAsyncEnumerable<BlockReadResult> ReadCoreAsync(Stream source, IBlockFrameFormat format, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var input = new BufferedByteReader(source);
        var frameStartLength = format.FrameStartLength;
        var start = input.Position;
        var nextIndex = 0;
        while (await input.EnsureAsync(1, cancellationToken).ConfigureAwait(false))
        {
            await input.EnsureAsync(frameStartLength, cancellationToken).ConfigureAwait(false);
            var offset = input.Position;
            BlockFrameResult frame;
            while (true)
            {
                frame = format.ReadFrame(input.AvailableMemory, new BlockFrameContext(offset, nextIndex, offset == start));
                if (frame.Status != BlockFrameStatus.Incomplete)
                {
                    break;
                }

                if (frame.Length <= input.Available.Length)
                {
                    throw new InvalidOperationException($"The frame format asked for {frame.Length} bytes at offset {offset} but was given {input.Available.Length}.");
                }

                if (!await input.EnsureAsync(frame.Length, cancellationToken).ConfigureAwait(false))
                {
                    break;
                }
            }

            switch (frame.Status)
            {
                case BlockFrameStatus.Read:
                case BlockFrameStatus.Skip:
                    if (frame.Length > input.Available.Length)
                    {
                        throw new InvalidOperationException($"The frame format read a {frame.Length}-byte frame at offset {offset} from {input.Available.Length} bytes.");
                    }

                    input.Advance(frame.Length);
                    if (frame.Status == BlockFrameStatus.Read)
                    {
                        var result = frame.Result;
                        nextIndex = (result.Block?.Location.Index ?? result.Keyframe?.Location.Index ?? result.Damage!.BlockIndex) + 1;
                        yield return result;
                    }

                    break;

                case BlockFrameStatus.Incomplete:
                {
                    // The stream ended first. If another frame starts later, the frame's length field is what is damaged.
                    var available = input.Available.Length;
                    var index = frame.BlockIndex ?? nextIndex;
                    if (FindFrameStart(format, input.Available) < 0)
                    {
                        yield return BlockReadResult.FromDamage(new BlockDamage(index, offset, available, BlockDamageKind.TornTail,
                            $"the frame needs at least {frame.Length} bytes but the file ends after {available}: a torn tail"));
                        yield break;
                    }

                    var skipped = await SkipToFrameStartAsync(input, format, cancellationToken).ConfigureAwait(false);
                    nextIndex = frame.BlockIndex + 1 ?? nextIndex;
                    yield return BlockReadResult.FromDamage(new BlockDamage(index, offset, skipped, BlockDamageKind.Malformed,
                        $"its framing says at least {frame.Length} bytes, past the end of the file, yet another frame starts later"));
                    break;
                }

                case BlockFrameStatus.Damaged:
                {
                    var index = frame.BlockIndex ?? nextIndex;
                    var skipped = await SkipToFrameStartAsync(input, format, cancellationToken).ConfigureAwait(false);
                    nextIndex = frame.BlockIndex + 1 ?? nextIndex;
                    yield return BlockReadResult.FromDamage(new BlockDamage(index, offset, skipped, frame.DamageKind, frame.Detail));
                    break;
                }

                case BlockFrameStatus.Unreadable:
                    yield return BlockReadResult.FromDamage(new BlockDamage(nextIndex, offset, frame.Length, frame.DamageKind, frame.Detail));
                    yield break;

                default:
                {
                    var skipped = await SkipToFrameStartAsync(input, format, cancellationToken).ConfigureAwait(false);
                    yield return BlockReadResult.FromDamage(new BlockDamage(nextIndex, offset, skipped, BlockDamageKind.Garbage,
                        $"{skipped} bytes are not a frame of this codec"));
                    break;
                }
            }
        }
    }

    private static int FindFrameStart(IBlockFrameFormat format, ReadOnlySpan<byte> data)
    {
        var index = format.IndexOfFrameStart(data);
        return index < 0 || (index >= 1 && index < data.Length)
            ? index
            : throw new InvalidOperationException($"The frame format found a frame start at index {index} of {data.Length} bytes; it must be at least 1 and within them.");
    }

    /// <summary>Skips from the first unread byte (at least that one) to the next frame start or the end; returns the bytes skipped.</summary>
    private static async ValueTask<long> SkipToFrameStartAsync(BufferedByteReader input, IBlockFrameFormat format, CancellationToken cancellationToken)
    {
        // A frame start the window holds only in part is found once more bytes arrive: keep its bytes, and the one before it.
        var keep = format.FrameStartLength + 1;
        long skipped = 0;
        while (true)
        {
            var available = input.Available;
            var index = available.Length > 1 ? FindFrameStart(format, available) : -1;
            if (index > 0)
            {
                input.Advance(index);
                return skipped + index;
            }

            if (input.IsSourceExhausted)
            {
                input.Advance(available.Length);
                return skipped + available.Length;
            }

            var step = available.Length - keep;
            if (step > 0)
            {
                input.Advance(step);
                skipped += step;
            }

            await input.EnsureAsync(input.Available.Length + 1, cancellationToken).ConfigureAwait(false);
        }
    }
}
