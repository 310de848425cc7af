using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using InterviewLM.Recording.Storage.Jsonl;

namespace InterviewLM.Recording.Storage.Gzip;

/// <summary>Represents the gzip JSONL codec: each block is one gzip member holding one JSONL block, so <c>zcat</c> prints the plain JSONL file.</summary>
/// <remarks>
/// Every member carries its own length in a gzip extra subfield (<c>IL</c>, 4 bytes), as BGZF does, so a reader can
/// skip a damaged member and go on with the next. A crash loses at most the member being written.
/// </remarks>
public sealed class GzipJsonlCodec : IEventCodec
{
    private const int HeaderLength = 20;
    private const int TrailerLength = 8;
    private const byte SubfieldId1 = (byte)'I';
    private const byte SubfieldId2 = (byte)'L';

    /// <summary>Initializes a new instance of the <see cref="GzipJsonlCodec"/> class.</summary>
    /// <param name="compressionLevel">The zlib level, 0–9.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="compressionLevel"/> is not 0–9.</exception>
    public GzipJsonlCodec(int compressionLevel = DefaultCompressionLevel)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(compressionLevel, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(compressionLevel, 9);
        CompressionLevel = compressionLevel;
    }

    /// <summary>The default zlib level: fast enough for live recording, a little larger than level 6.</summary>
    public const int DefaultCompressionLevel = 3;

    /// <summary>Gets the shared instance with the default level.</summary>
    public static GzipJsonlCodec Instance { get; } = new();

    /// <summary>Gets the zlib compression level.</summary>
    public int CompressionLevel { get; }

    /// <inheritdoc/>
    public string Name => "jsonl-gz";

    /// <inheritdoc/>
    public string FileName => "events.jsonl.gz";

    /// <inheritdoc/>
    public bool IsMatch(ReadOnlySpan<byte> prefix) => prefix.Length >= 2 && prefix[0] == 0x1f && prefix[1] == 0x8b;

    /// <inheritdoc/>
    public IEventBlockWriter CreateWriter(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return new Writer(destination, CompressionLevel);
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<BlockReadResult> ReadAsync(Stream source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        return BlockFrameReader.ReadAsync(source, new FrameFormat(), cancellationToken);
    }

    internal static int WriteMember(ReadOnlySpan<byte> uncompressed, int level, ArrayBufferWriter<byte> destination)
    {
        var start = destination.WrittenCount;
        var header = destination.GetSpan(HeaderLength);
        ReadOnlySpan<byte> fixedHeader = [0x1f, 0x8b, 8, 0x04, 0, 0, 0, 0, 0, 0xff, 8, 0, SubfieldId1, SubfieldId2, 4, 0, 0, 0, 0, 0];
        fixedHeader.CopyTo(header);
        destination.Advance(HeaderLength);
        using (var deflate = new DeflateStream(new BufferWriterStream(destination), new ZLibCompressionOptions { CompressionLevel = level }, leaveOpen: false))
        {
            deflate.Write(uncompressed);
        }

        var trailer = destination.GetSpan(TrailerLength);
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, Crc32.HashToUInt32(uncompressed));
        BinaryPrimitives.WriteUInt32LittleEndian(trailer[4..], (uint)uncompressed.Length);
        destination.Advance(TrailerLength);
        var length = destination.WrittenCount - start;

        // The member's total length goes into the IL subfield, written last because only now is it known.
        var written = System.Runtime.InteropServices.MemoryMarshal.AsMemory(destination.WrittenMemory).Span;
        BinaryPrimitives.WriteUInt32LittleEndian(written.Slice(start + 16, 4), (uint)length);
        return length;
    }

    private static bool IsMemberHeader(ReadOnlySpan<byte> span) =>
        span.Length >= HeaderLength && span[0] == 0x1f && span[1] == 0x8b && span[2] == 8 && (span[3] & 0x04) != 0 &&
        span[10] == 8 && span[11] == 0 && span[12] == SubfieldId1 && span[13] == SubfieldId2 && span[14] == 4 && span[15] == 0;

    /// <summary>A frame is one gzip member with the <c>IL</c> length subfield, holding one JSONL block.</summary>
    private sealed class FrameFormat : IBlockFrameFormat
    {
        private readonly JsonlBlockDecoder _decoder = new();
        private byte[] _inflated = new byte[256 * 1024];

        public int FrameStartLength => HeaderLength;

        public int IndexOfFrameStart(ReadOnlySpan<byte> data)
        {
            for (var from = 1; from + HeaderLength <= data.Length;)
            {
                var i = data[from..].IndexOf((byte)0x1f);
                if (i < 0 || from + i + HeaderLength > data.Length)
                {
                    return -1;
                }

                if (IsMemberHeader(data[(from + i)..]))
                {
                    return from + i;
                }

                from += i + 1;
            }

            return -1;
        }

        public BlockFrameResult ReadFrame(ReadOnlyMemory<byte> data, in BlockFrameContext context)
        {
            var span = data.Span;
            if (span.Length < HeaderLength)
            {
                // The stream ends here: a start of a member header is a torn tail, anything else garbage.
                return span[0] == 0x1f && (span.Length < 2 || span[1] == 0x8b) ? BlockFrameResult.Incomplete(HeaderLength) : BlockFrameResult.NotAFrame;
            }

            if (!IsMemberHeader(span))
            {
                return BlockFrameResult.NotAFrame;
            }

            var memberLength = (long)BinaryPrimitives.ReadUInt32LittleEndian(span[16..20]);
            if (memberLength < HeaderLength + TrailerLength || memberLength > int.MaxValue)
            {
                return BlockFrameResult.Damaged(BlockDamageKind.Malformed, $"the gzip member's length field ({memberLength}) is impossible");
            }

            if (memberLength > span.Length)
            {
                return BlockFrameResult.Incomplete((int)memberLength, context.BlockIndex);
            }

            // The length field may itself be what is damaged: on damage the reader resumes at the next member header found by scanning.
            var result = DecodeMember(data[..(int)memberLength], context.Offset, context.BlockIndex, _decoder, ref _inflated);
            return result.Damage is { } damage
                ? BlockFrameResult.Damaged(damage.Kind, damage.Detail, damage.BlockIndex)
                : BlockFrameResult.Read((int)memberLength, result);
        }
    }

    private static BlockReadResult DecodeMember(ReadOnlyMemory<byte> member, long offset, int expectedIndex, JsonlBlockDecoder decoder, ref byte[] inflated)
    {
        var span = member.Span;
        var expectedCrc = BinaryPrimitives.ReadUInt32LittleEndian(span[^8..]);
        var expectedSize = BinaryPrimitives.ReadUInt32LittleEndian(span[^4..]);
        // Deflate cannot expand data more than about 1032 times, so a larger size field is damage, not a reason to allocate.
        if (expectedSize > ((long)member.Length * 1100) + 1024 || expectedSize > int.MaxValue - 1)
        {
            return Damage(BlockDamageKind.ChecksumMismatch, $"its gzip size field ({expectedSize}) is impossible for {member.Length} compressed bytes");
        }

        if (inflated.Length <= expectedSize)
        {
            inflated = new byte[Math.Max(expectedSize + 1, inflated.Length * 2L)];
        }

        int size;
        try
        {
            using var deflate = new DeflateStream(new ReadOnlyMemoryStream(member[HeaderLength..^TrailerLength]), CompressionMode.Decompress);
            size = ReadAll(deflate, inflated.AsSpan(0, (int)expectedSize + 1));
        }
        catch (InvalidDataException ex)
        {
            return Damage(BlockDamageKind.Malformed, $"its deflate data is corrupt ({ex.Message})");
        }

        var data = inflated.AsSpan(0, size);
        if (size != expectedSize || Crc32.HashToUInt32(data) != expectedCrc)
        {
            return Damage(BlockDamageKind.ChecksumMismatch, "its gzip CRC-32 or size does not match its data");
        }

        var lineEnd = data.IndexOf((byte)'\n');
        if (lineEnd < 0 || !JsonlBlockHeader.TryParse(data[..lineEnd], out var header) || header.Length != size - lineEnd - 1 ||
            header.ComputeChecksum(data[(lineEnd + 1)..]) != header.Crc32)
        {
            return Damage(BlockDamageKind.Malformed, "its content is not one JSONL block");
        }

        var location = new BlockLocation(header.Index, offset, member.Length, header.FirstSequence, TimeSpan.Zero, header.Count);
        return decoder.ParseBlock(data[(lineEnd + 1)..], location);

        BlockReadResult Damage(BlockDamageKind kind, string detail) =>
            BlockReadResult.FromDamage(new BlockDamage(expectedIndex, offset, member.Length, kind, detail));
    }

    private static int ReadAll(Stream stream, Span<byte> destination)
    {
        var total = 0;
        int read;
        while (total < destination.Length && (read = stream.Read(destination[total..])) > 0)
        {
            total += read;
        }

        return total;
    }

    private sealed class Writer(Stream destination, int level) : IEventBlockWriter
    {
        private readonly JsonlBlockEncoder _encoder = new();
        private readonly ArrayBufferWriter<byte> _block = new(64 * 1024);
        private readonly ArrayBufferWriter<byte> _member = new(16 * 1024);
        private long _offset = destination.CanSeek ? destination.Position : 0;
        private int _nextIndex;

        public async ValueTask<BlockLocation> WriteBlockAsync(ReadOnlyMemory<RecordedEvent> events, CancellationToken cancellationToken = default)
        {
            _block.ResetWrittenCount();
            _member.ResetWrittenCount();
            _encoder.Encode(_nextIndex, events.Span, _block);
            var length = WriteMember(_block.WrittenSpan, level, _member);
            var first = events.Span[0];
            var location = new BlockLocation(_nextIndex, _offset, length, first.Sequence, first.Time, events.Length);
            await destination.WriteAsync(_member.WrittenMemory, cancellationToken).ConfigureAwait(false);
            await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
            _offset += length;
            _nextIndex++;
            return location;
        }

        public async ValueTask<BlockLocation> WriteKeyframeAsync(long nextSequence, TimeSpan time, ReadOnlyMemory<byte> state, CancellationToken cancellationToken = default)
        {
            _block.ResetWrittenCount();
            _member.ResetWrittenCount();
            _encoder.EncodeKeyframe(_nextIndex, nextSequence, time, state.Span, _block);
            var length = WriteMember(_block.WrittenSpan, level, _member);
            var location = new BlockLocation(_nextIndex, _offset, length, nextSequence, time, 0) { Kind = BlockKind.Keyframe };
            await destination.WriteAsync(_member.WrittenMemory, cancellationToken).ConfigureAwait(false);
            await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
            _offset += length;
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
