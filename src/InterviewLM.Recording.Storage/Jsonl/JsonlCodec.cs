using System.Buffers;
using System.Runtime.CompilerServices;

namespace InterviewLM.Recording.Storage.Jsonl;

/// <summary>Represents the streaming JSONL codec: one JSON record per line, in blocks that each open with a checked header line.</summary>
/// <remarks>
/// A block is <c>{"$block":N,"first":S,"count":C,"length":L,"crc32":"…"}</c> followed by <c>C</c> event lines
/// totalling <c>L</c> bytes; a keyframe block has count 0 and one <c>{"$keyframe":1,"t":µs,"state":"…"}</c> line. Any JSON Lines tool reads the file; a reader recovers every whole block before and after
/// a damaged one.
/// </remarks>
public sealed class JsonlCodec : IEventCodec
{
    /// <summary>Gets the shared instance.</summary>
    public static JsonlCodec Instance { get; } = new();

    /// <inheritdoc/>
    public string Name => "jsonl";

    /// <inheritdoc/>
    public string FileName => "events.jsonl";

    /// <inheritdoc/>
    public bool IsMatch(ReadOnlySpan<byte> prefix) =>
        prefix.Length == 0 || JsonlBlockHeader.Prefix.StartsWith(prefix[..Math.Min(prefix.Length, JsonlBlockHeader.Prefix.Length)]);

    /// <inheritdoc/>
    public IEventBlockWriter CreateWriter(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return new Writer(destination);
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<BlockReadResult> ReadAsync(Stream source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        return ReadCoreAsync(source, cancellationToken);
    }

    private static async IAsyncEnumerable<BlockReadResult> ReadCoreAsync(Stream source, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var input = new BufferedByteReader(source);
        var decoder = new JsonlBlockDecoder();
        var nextIndex = 0;
        while (await input.EnsureAsync(1, cancellationToken).ConfigureAwait(false))
        {
            var lineEnd = await input.FindAsync((byte)'\n', JsonlBlockHeader.MaxLineLength, cancellationToken).ConfigureAwait(false);
            if (lineEnd < 0 || !JsonlBlockHeader.TryParse(input.Available[..lineEnd], out var header))
            {
                if (lineEnd < 0 && input.IsSourceExhausted && JsonlBlockHeader.Prefix.StartsWith(input.Available[..Math.Min(input.Available.Length, JsonlBlockHeader.Prefix.Length)]))
                {
                    yield return BlockReadResult.FromDamage(new BlockDamage(nextIndex, input.Position, input.Available.Length, BlockDamageKind.TornTail,
                        $"the file ends inside a block header ({input.Available.Length} bytes)"));
                    yield break;
                }

                var start = input.Position;
                var skipped = await SkipToNextHeaderAsync(input, cancellationToken).ConfigureAwait(false);
                yield return BlockReadResult.FromDamage(new BlockDamage(nextIndex, start, skipped, BlockDamageKind.Garbage,
                    $"{skipped} bytes are not a block (no valid block header)"));
                continue;
            }

            var headerLength = lineEnd + 1;
            var blockLength = headerLength + header.Length;
            if (!await input.EnsureAsync(blockLength, cancellationToken).ConfigureAwait(false))
            {
                if (!HasHeaderAfter(input.Available, headerLength))
                {
                    yield return BlockReadResult.FromDamage(new BlockDamage(header.Index, input.Position, input.Available.Length, BlockDamageKind.TornTail,
                        $"the block needs {blockLength} bytes but the file ends after {input.Available.Length}: a torn tail"));
                    yield break;
                }

                // Another block follows, so the length field itself is damaged: resynchronize on the next header line.
                var start = input.Position;
                input.Advance(headerLength);
                var skipped = headerLength + await SkipToNextHeaderAsync(input, cancellationToken).ConfigureAwait(false);
                yield return BlockReadResult.FromDamage(new BlockDamage(header.Index, start, skipped, BlockDamageKind.Malformed,
                    $"its header says {header.Length} bytes follow, past the end of the file, yet another block starts later"));
                nextIndex = header.Index + 1;
                continue;
            }

            var location = new BlockLocation(header.Index, input.Position, blockLength, header.FirstSequence, TimeSpan.Zero, header.Count);
            var payload = input.Available.Slice(headerLength, header.Length);
            var actual = header.ComputeChecksum(payload);
            nextIndex = header.Index + 1;
            if (actual != header.Crc32)
            {
                // The header may be what is damaged (its length), so resume at the next header line rather than trusting it.
                var start = input.Position;
                input.Advance(headerLength);
                var skipped = headerLength + await SkipToNextHeaderAsync(input, cancellationToken).ConfigureAwait(false);
                yield return BlockReadResult.FromDamage(new BlockDamage(header.Index, start, skipped, BlockDamageKind.ChecksumMismatch,
                    $"its CRC-32 is {actual:x8} but its header says {header.Crc32:x8}"));
                continue;
            }

            var result = decoder.ParseBlock(payload, location);
            input.Advance(blockLength);
            yield return result;
        }
    }

    private static bool HasHeaderAfter(ReadOnlySpan<byte> data, int from)
    {
        var rest = data[from..];
        while (true)
        {
            if (rest.StartsWith(JsonlBlockHeader.Prefix))
            {
                return true;
            }

            var newline = rest.IndexOf((byte)'\n');
            if (newline < 0)
            {
                return false;
            }

            rest = rest[(newline + 1)..];
        }
    }

    /// <summary>Skips to the next line that starts a block header (or the end), returning the bytes skipped.</summary>
    private static async ValueTask<long> SkipToNextHeaderAsync(BufferedByteReader input, CancellationToken cancellationToken)
    {
        long skipped = 0;
        do
        {
            // Consume the rest of the current line: a header only counts at the start of a line.
            while (await input.EnsureAsync(1, cancellationToken).ConfigureAwait(false))
            {
                var available = input.Available;
                var newline = available.IndexOf((byte)'\n');
                var step = newline < 0 ? available.Length : newline + 1;
                input.Advance(step);
                skipped += step;
                if (newline >= 0)
                {
                    break;
                }
            }

            await input.EnsureAsync(JsonlBlockHeader.Prefix.Length, cancellationToken).ConfigureAwait(false);
        }
        while (!input.Available.IsEmpty && !input.Available.StartsWith(JsonlBlockHeader.Prefix));

        return skipped;
    }

    private sealed class Writer(Stream destination) : IEventBlockWriter
    {
        private readonly JsonlBlockEncoder _encoder = new();
        private readonly ArrayBufferWriter<byte> _block = new(64 * 1024);
        private long _offset = destination.CanSeek ? destination.Position : 0;
        private int _nextIndex;

        public async ValueTask<BlockLocation> WriteBlockAsync(ReadOnlyMemory<RecordedEvent> events, CancellationToken cancellationToken = default)
        {
            _block.ResetWrittenCount();
            _encoder.Encode(_nextIndex, events.Span, _block);
            var first = events.Span[0];
            var location = new BlockLocation(_nextIndex, _offset, _block.WrittenCount, first.Sequence, first.Time, events.Length);
            await destination.WriteAsync(_block.WrittenMemory, cancellationToken).ConfigureAwait(false);
            await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
            _offset += _block.WrittenCount;
            _nextIndex++;
            return location;
        }

        public async ValueTask<BlockLocation> WriteKeyframeAsync(long nextSequence, TimeSpan time, ReadOnlyMemory<byte> state, CancellationToken cancellationToken = default)
        {
            _block.ResetWrittenCount();
            _encoder.EncodeKeyframe(_nextIndex, nextSequence, time, state.Span, _block);
            var location = new BlockLocation(_nextIndex, _offset, _block.WrittenCount, nextSequence, time, 0) { Kind = BlockKind.Keyframe };
            await destination.WriteAsync(_block.WrittenMemory, cancellationToken).ConfigureAwait(false);
            await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
            _offset += _block.WrittenCount;
            _nextIndex++;
            return location;
        }

        public ValueTask CompleteAsync(CancellationToken cancellationToken = default) => new(destination.FlushAsync(cancellationToken));

        public ValueTask DisposeAsync()
        {
            _encoder.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
