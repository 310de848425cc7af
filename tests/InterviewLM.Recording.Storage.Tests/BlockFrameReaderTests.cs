using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace InterviewLM.Recording.Storage.Tests;

/// <summary>A third-party frame format, defined here with only the public API, read through <see cref="BlockFrameReader"/>.</summary>
public sealed class BlockFrameReaderTests
{
    [Fact]
    public async Task ReadAsync_IntactFrames_ReturnsEveryBlockAtItsOffset()
    {
        var (data, offsets) = TestFrames.Encode(Payloads(5));

        var results = await ReadAllAsync(data);

        Assert.All(results, r => Assert.Null(r.Damage));
        Assert.Equal(offsets, results.Select(r => r.Block!.Location.Offset));
        Assert.Equal(Enumerable.Range(0, 5), results.Select(r => r.Block!.Location.Index));
        Assert.Equal(Payloads(5).Select(TestFrames.Text), results.Select(r => ((TerminalOutput)r.Block!.Events[0].Event).Data));
    }

    [Fact]
    public async Task ReadAsync_TornTail_ReportsTornTailAtTheLastFrameAndReturnsTheOthers()
    {
        var (data, offsets) = TestFrames.Encode(Payloads(4));
        var cut = (int)offsets[3] + 7;

        var results = await ReadAllAsync(data[..cut]);

        Assert.Equal([0, 1, 2], results.Where(r => r.Block is not null).Select(r => r.Block!.Location.Index));
        var damage = Assert.Single(results, r => r.Damage is not null).Damage!;
        Assert.Equal(BlockDamageKind.TornTail, damage.Kind);
        Assert.Equal(3, damage.BlockIndex);
        Assert.Equal(offsets[3], damage.Offset);
        Assert.Equal(7, damage.Length);
        Assert.Null(results[^1].Block);
    }

    [Fact]
    public async Task ReadAsync_FlippedChecksumByte_ReportsChecksumMismatchAtThatFrameAndReadsOn()
    {
        var (data, offsets) = TestFrames.Encode(Payloads(4));
        data[(int)offsets[2] - 1] ^= 0x10;

        var results = await ReadAllAsync(data);

        var damage = Assert.Single(results, r => r.Damage is not null).Damage!;
        Assert.Equal(BlockDamageKind.ChecksumMismatch, damage.Kind);
        Assert.Equal(1, damage.BlockIndex);
        Assert.Equal(offsets[1], damage.Offset);
        Assert.Equal(offsets[2] - offsets[1], damage.Length);
        Assert.Equal([0, 2, 3], results.Where(r => r.Block is not null).Select(r => r.Block!.Location.Index));
    }

    [Fact]
    public async Task ReadAsync_GarbageBetweenFrames_ReportsGarbageWithItsOffsetAndLength()
    {
        var (data, offsets) = TestFrames.Encode(Payloads(3));
        var cut = (int)offsets[1];
        byte[] junk = [.. Enumerable.Range(0, 50).Select(i => (byte)(i * 13))];
        byte[] damaged = [.. data[..cut], .. junk, .. data[cut..]];

        var results = await ReadAllAsync(damaged);

        var damage = Assert.Single(results, r => r.Damage is not null).Damage!;
        Assert.Equal(BlockDamageKind.Garbage, damage.Kind);
        Assert.Equal(cut, damage.Offset);
        Assert.Equal(junk.Length, damage.Length);
        Assert.Equal(1, damage.BlockIndex);
        Assert.Equal([offsets[0], cut + junk.Length, offsets[2] + junk.Length], results.Where(r => r.Block is not null).Select(r => r.Block!.Location.Offset));
    }

    [Fact]
    public async Task ReadAsync_LengthFieldPastTheEndWithFramesAfter_ReportsMalformedAndReadsOn()
    {
        var (data, offsets) = TestFrames.Encode(Payloads(4));
        BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan((int)offsets[1] + 8), 100_000);

        var results = await ReadAllAsync(data);

        var damage = Assert.Single(results, r => r.Damage is not null).Damage!;
        Assert.Equal(BlockDamageKind.Malformed, damage.Kind);
        Assert.Equal(1, damage.BlockIndex);
        Assert.Equal(offsets[1], damage.Offset);
        Assert.Equal(offsets[2] - offsets[1], damage.Length);
        Assert.Equal([0, 2, 3], results.Where(r => r.Block is not null).Select(r => r.Block!.Location.Index));
    }

    [Fact]
    public async Task ReadAsync_StreamPositionedAtAFrame_ReportsStreamPositionsAndNoFileHeader()
    {
        var (data, offsets) = TestFrames.Encode(Payloads(4));
        data[(int)offsets[3] + 12] ^= 1;
        using var stream = new MemoryStream(data) { Position = offsets[2] };

        var results = await ReadAllAsync(stream);

        Assert.Equal(offsets[2], results[0].Block!.Location.Offset);
        Assert.Equal(offsets[3], results[1].Damage!.Offset);
        Assert.Equal(BlockDamageKind.ChecksumMismatch, results[1].Damage!.Kind);
    }

    [Fact]
    public async Task ReadAsync_FileHeaderOfAnUnknownVersion_ReportsItAndStops()
    {
        var (data, _) = TestFrames.Encode(Payloads(2), version: 9);

        var results = await ReadAllAsync(data);

        var damage = Assert.Single(results).Damage!;
        Assert.Equal(BlockDamageKind.Malformed, damage.Kind);
        Assert.Equal(0, damage.Offset);
        Assert.Equal(TestFrames.FileHeaderLength, damage.Length);
        Assert.Contains("version 9", damage.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(17)]
    public async Task ReadAsync_StreamReturningFewBytesPerRead_ReadsTheSameAsOneRead(int chunk)
    {
        var (data, offsets) = TestFrames.Encode(Payloads(6));
        data[(int)offsets[2] + 13] ^= 4;
        byte[] damaged = [.. data[..(int)offsets[4]], .. "junk junk"u8, .. data[(int)offsets[4]..^3]];

        var expected = await ReadAllAsync(damaged);
        var actual = await ReadAllAsync(new TrickleStream(damaged, chunk));

        Assert.Equal(Describe(expected), Describe(actual));
    }

    [Fact]
    public void ReadAsync_NullArguments_ThrowArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => BlockFrameReader.ReadAsync(null!, new TestFrames()));
        Assert.Throws<ArgumentNullException>(() => BlockFrameReader.ReadAsync(new MemoryStream(), null!));
    }

    [Fact]
    public async Task ReadAsync_FormatAsksForBytesItWasGiven_ThrowsInvalidOperationException()
    {
        var format = new DelegateFormat { Read = (data, _) => BlockFrameResult.Incomplete(data.Length) };

        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var unused in BlockFrameReader.ReadAsync(new MemoryStream(new byte[10]), format))
            {
            }
        });
    }

    [Fact]
    public async Task ReadAsync_FormatReadsPastItsBytes_ThrowsInvalidOperationException()
    {
        var format = new DelegateFormat { Read = (data, _) => BlockFrameResult.Skip(data.Length + 1) };

        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var unused in BlockFrameReader.ReadAsync(new MemoryStream(new byte[10]), format))
            {
            }
        });
    }

    [Fact]
    public void Factories_InvalidArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BlockFrameResult.Read(0, BlockReadResult.FromDamage(new BlockDamage(0, 0, null, BlockDamageKind.Malformed, "x"))));
        Assert.Throws<ArgumentException>(() => BlockFrameResult.Read(1, default));
        Assert.Throws<ArgumentOutOfRangeException>(() => BlockFrameResult.Skip(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => BlockFrameResult.Incomplete(0));
        Assert.Throws<ArgumentNullException>(() => BlockFrameResult.Damaged(BlockDamageKind.Malformed, null!));
        Assert.Equal(BlockFrameStatus.NotAFrame, default(BlockFrameResult).Status);
    }

    /// <summary>Random frames, then a random cut and random bit flips: the reader never throws, returns every frame left whole and untouched, and nothing else.</summary>
    [Property(MaxTest = 300)]
    public Property ReadAsync_RandomFramesTruncatedAndBitFlipped_NeverThrowsAndReturnsEveryIntactFrame() => Prop.ForAll(
        Gen.Zip(
            Gen.ListOf(Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b)).Select(b => b.Take(60).ToArray())).Select(l => l.Take(12).ToArray()),
            Gen.Zip(Gen.Choose(0, 100), Gen.Zip(Gen.ListOf(Gen.Zip(Gen.Choose(0, int.MaxValue), Gen.Choose(0, 7))), Gen.Choose(1, 40)))).ToArbitrary(),
        input =>
        {
            var (payloads, (cutPercent, (flips, chunk))) = input;
            var (data, offsets) = TestFrames.Encode(payloads);
            var length = data.Length * cutPercent / 100;
            var damaged = data[..length];
            foreach (var (position, bit) in flips.Take(6))
            {
                if (length > 0)
                {
                    damaged[position % length] ^= (byte)(1 << bit);
                }
            }

            var results = ReadAllAsync(damaged).GetAwaiter().GetResult();
            if (length > 4 && damaged[4] != data[4] && damaged.AsSpan(0, 4).SequenceEqual(data.AsSpan(0, 4)))
            {
                // A flip in the file header's version byte makes the file unreadable: that is reported, and nothing else.
                return (results.Count == 1 && results[0].Damage is { Offset: 0 }).Label("an unknown version not reported alone");
            }

            var trickled = ReadAllAsync(new TrickleStream(damaged, chunk)).GetAwaiter().GetResult();
            var blocks = results.Where(r => r.Block is not null).Select(r => r.Block!).ToDictionary(b => b.Location.Offset);
            for (var i = 0; i < payloads.Length; i++)
            {
                var end = i + 1 < offsets.Count ? offsets[i + 1] : data.Length;
                var intact = end <= length && damaged.AsSpan((int)offsets[i], (int)(end - offsets[i])).SequenceEqual(data.AsSpan((int)offsets[i], (int)(end - offsets[i])));
                if (intact && !(blocks.TryGetValue(offsets[i], out var block) && block.Location.Index == i && ((TerminalOutput)block.Events[0].Event).Data == TestFrames.Text(payloads[i])))
                {
                    return false.Label($"frame {i} at {offsets[i]} lost; read: {Describe(results)}");
                }
            }

            var written = offsets.Select((o, i) => (o, i)).ToDictionary(x => x.o, x => TestFrames.Text(payloads[x.i]));
            return (blocks.Values.All(b => written.TryGetValue(b.Location.Offset, out var text) && ((TerminalOutput)b.Events[0].Event).Data == text).Label("a block that was not written")
                .And(results.Where(r => r.Damage is not null).All(r => r.Damage!.Offset < length && r.Damage.Length is > 0)).Label("damage outside the data")
                .And(Describe(results) == Describe(trickled)).Label("small reads read differently"));
        });

    private static byte[][] Payloads(int count) => [.. Enumerable.Range(0, count).Select(i => Encoding.ASCII.GetBytes($"frame {i} " + new string('x', i * 7)))];

    private static async Task<List<BlockReadResult>> ReadAllAsync(byte[] data) => await ReadAllAsync(new MemoryStream(data));

    private static async Task<List<BlockReadResult>> ReadAllAsync(Stream stream)
    {
        var results = new List<BlockReadResult>();
        await foreach (var result in BlockFrameReader.ReadAsync(stream, new TestFrames()))
        {
            results.Add(result);
        }

        return results;
    }

    private static string Describe(List<BlockReadResult> results) =>
        string.Join(" | ", results.Select(r => r.Damage is { } d ? $"{d.Kind} {d.BlockIndex}@{d.Offset}+{d.Length}" : $"block {r.Block!.Location.Index}@{r.Block.Location.Offset}"));

    /// <summary>
    /// An optional 6-byte file header (<c>TFMT</c>, a version byte, a newline), then frames: the marker <c>\xC3FRM</c>, the block index and the
    /// payload length (int32 little-endian), the payload, and a CRC-32 of index, length and payload. Each frame is a block of one event.
    /// </summary>
    private sealed class TestFrames : IBlockFrameFormat
    {
        public const int FileHeaderLength = 6;
        private const int PrefixLength = 12;
        private const int MaxPayload = 1 << 20;

        private static ReadOnlySpan<byte> Marker => [0xC3, (byte)'F', (byte)'R', (byte)'M'];

        private static ReadOnlySpan<byte> Magic => "TFMT"u8;

        public int FrameStartLength => Marker.Length;

        public static string Text(byte[] payload) => Encoding.Latin1.GetString(payload);

        public static (byte[] Data, List<long> Offsets) Encode(byte[][] payloads, int? version = 1)
        {
            using var stream = new MemoryStream();
            if (version is { } v)
            {
                stream.Write([.. Magic, (byte)v, (byte)'\n']);
            }

            var offsets = new List<long>();
            for (var i = 0; i < payloads.Length; i++)
            {
                offsets.Add(stream.Position);
                var frame = new byte[PrefixLength + payloads[i].Length + 4];
                Marker.CopyTo(frame);
                BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(4), i);
                BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(8), payloads[i].Length);
                payloads[i].CopyTo(frame.AsSpan(PrefixLength));
                BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(frame.Length - 4), Crc32.HashToUInt32(frame.AsSpan(4, frame.Length - 8)));
                stream.Write(frame);
            }

            return (stream.ToArray(), offsets);
        }

        public int IndexOfFrameStart(ReadOnlySpan<byte> data)
        {
            var i = data.Length > 1 ? data[1..].IndexOf(Marker) : -1;
            return i < 0 ? -1 : i + 1;
        }

        public BlockFrameResult ReadFrame(ReadOnlyMemory<byte> data, in BlockFrameContext context)
        {
            var span = data.Span;
            if (context.IsStart && span.StartsWith(Magic))
            {
                return span.Length < FileHeaderLength ? BlockFrameResult.Incomplete(FileHeaderLength)
                    : span[4] == 1 ? BlockFrameResult.Skip(FileHeaderLength)
                    : BlockFrameResult.Unreadable(BlockDamageKind.Malformed, $"the file is version {span[4]}", FileHeaderLength);
            }

            if (!Marker.StartsWith(span[..Math.Min(span.Length, Marker.Length)]))
            {
                return BlockFrameResult.NotAFrame;
            }

            if (span.Length < PrefixLength)
            {
                return BlockFrameResult.Incomplete(PrefixLength);
            }

            var index = BinaryPrimitives.ReadInt32LittleEndian(span[4..]);
            var length = BinaryPrimitives.ReadInt32LittleEndian(span[8..]);
            if (length is < 0 or > MaxPayload)
            {
                return BlockFrameResult.Damaged(BlockDamageKind.Malformed, $"its length ({length}) is impossible", context.BlockIndex);
            }

            var frameLength = PrefixLength + length + 4;
            if (span.Length < frameLength)
            {
                return BlockFrameResult.Incomplete(frameLength, index);
            }

            var frame = span[..frameLength];
            if (Crc32.HashToUInt32(frame[4..^4]) != BinaryPrimitives.ReadUInt32LittleEndian(frame[^4..]))
            {
                return BlockFrameResult.Damaged(BlockDamageKind.ChecksumMismatch, "its CRC-32 does not match", context.BlockIndex);
            }

            var recorded = new RecordedEvent(index, TimeSpan.Zero, new TerminalOutput(Encoding.Latin1.GetString(frame[PrefixLength..^4])));
            var location = new BlockLocation(index, context.Offset, frameLength, index, TimeSpan.Zero, 1);
            return BlockFrameResult.Read(frameLength, BlockReadResult.FromBlock(new EventBlock(location, [recorded])));
        }
    }

    private sealed class DelegateFormat : IBlockFrameFormat
    {
        public required Func<ReadOnlyMemory<byte>, BlockFrameContext, BlockFrameResult> Read { get; init; }

        public int FrameStartLength => 1;

        public int IndexOfFrameStart(ReadOnlySpan<byte> data) => -1;

        public BlockFrameResult ReadFrame(ReadOnlyMemory<byte> data, in BlockFrameContext context) => Read(data, context);
    }

    /// <summary>A read-only stream that returns at most a few bytes per read, as a pipe or socket may.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = Math.Min(Math.Min(chunk, buffer.Length), data.Length - _position);
            data.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
