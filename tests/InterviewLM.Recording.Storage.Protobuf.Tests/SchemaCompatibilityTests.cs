using System.Buffers;
using Google.Protobuf;
using InterviewLM.Recording.Storage.Protobuf.Schema;
using InterviewLM.Recording.TestUtils;

namespace InterviewLM.Recording.Storage.Protobuf.Tests;

/// <summary>An old reader meeting fields a newer writer added skips them.</summary>
public sealed class SchemaCompatibilityTests
{
    [Fact]
    public void Decode_ColumnBlockWithFieldsFromANewerWriter_SkipsThemAndReadsEveryEvent()
    {
        var events = EventGenerators.SampleStream(80, 3);
        var current = ColumnBlockCodec.Encode(events).ToByteArray();
        using var extra = new MemoryStream();
        var output = new CodedOutputStream(extra);
        output.WriteTag(1000, WireFormat.WireType.Varint);
        output.WriteUInt64(123456789);
        output.WriteTag(1001, WireFormat.WireType.LengthDelimited);
        output.WriteString("a column a future version adds");
        output.WriteTag(1002, WireFormat.WireType.Fixed64);
        output.WriteFixed64(42);
        output.Flush();
        var newer = current.Concat(extra.ToArray()).ToArray();

        var parsed = ColumnBlock.Parser.ParseFrom(newer);
        Assert.Equal(events, ColumnBlockCodec.Decode(parsed, events[0].Sequence, events[0].Time.Ticks, events.Length));
    }

    [Fact]
    public void Parse_EventWithANewFieldInsideAKnownPayload_KeepsTheKnownFields()
    {
        var message = EventMessages.ToMessage(new Marker("checkpoint", "test"));
        var bytes = message.ToByteArray();

        // Append field 50 to the Marker payload (field 14 of Event), as a newer schema might.
        var marker = message.Marker.ToByteArray();
        using var newerMarker = new MemoryStream();
        newerMarker.Write(marker);
        var output = new CodedOutputStream(newerMarker);
        output.WriteTag(50, WireFormat.WireType.LengthDelimited);
        output.WriteString("colour");
        output.Flush();
        using var newerEvent = new MemoryStream();
        var eventOutput = new CodedOutputStream(newerEvent);
        eventOutput.WriteTag(14, WireFormat.WireType.LengthDelimited);
        eventOutput.WriteBytes(ByteString.CopyFrom(newerMarker.ToArray()));
        eventOutput.Flush();

        Assert.NotEqual(bytes, newerEvent.ToArray());
        Assert.Equal(new Marker("checkpoint", "test"), EventMessages.FromMessage(Event.Parser.ParseFrom(newerEvent.ToArray())));
    }

    [Fact]
    public void ToMessage_FileSkipped_IsACaseAddedAfterV1WithItsTypeNameSoOlderReadersPassItThrough()
    {
        var skipped = new FileSkipped("big.csv", 3L << 32, new string('0', 64), FileSkipped.TooLargeReason);
        var message = EventMessages.ToMessage(skipped);

        Assert.Equal((Event.PayloadOneofCase.FileSkipped, "file_skipped"), (message.PayloadCase, message.TypeName));
        Assert.True(Event.FileSkippedFieldNumber > Event.UnknownEventFieldNumber);
        Assert.Equal(skipped, EventMessages.FromMessage(Event.Parser.ParseFrom(message.ToByteArray())));
    }

    [Fact]
    public void Parse_BlockHeaderWithANewField_KeepsTheKnownFields()
    {
        var header = new BlockHeader { Index = 3, FirstSequence = 10, EventCount = 5, PayloadLength = 99, PayloadChecksum = 7 };
        var newer = header.ToByteArray().Concat(new byte[] { 0xA0, 0x06, 0x01 }).ToArray(); // field 100, varint 1
        var parsed = BlockHeader.Parser.ParseFrom(newer);
        Assert.Equal((header.Index, header.FirstSequence, header.EventCount, header.PayloadLength, header.PayloadChecksum), (parsed.Index, parsed.FirstSequence, parsed.EventCount, parsed.PayloadLength, parsed.PayloadChecksum));
    }

    [Fact]
    public async Task Footer_WithKeyframes_ListsThemApartSoAReaderOlderThanMinorVersion1IndexesOnlyEventBlocks()
    {
        var events = EventGenerators.SampleStream(40, 2);
        using var stream = new MemoryStream();
        await using (var writer = ProtobufBrotliCodec.Instance.CreateWriter(stream))
        {
            await writer.WriteBlockAsync(events.AsMemory(0, 20));
            await writer.WriteKeyframeAsync(events[19].Sequence + 1, events[19].Time, new byte[] { 1, 2, 3 });
            await writer.WriteBlockAsync(events.AsMemory(20));
            await writer.CompleteAsync();
        }

        var data = stream.ToArray();
        var footerOffset = (int)System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(data.AsSpan(data.Length - 16));
        var length = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(footerOffset + 4));
        var footer = Footer.Parser.ParseFrom(data.AsSpan(footerOffset + 8, length));
        Assert.Equal([0u, 2u], footer.Blocks.Select(b => b.Index));
        Assert.All(footer.Blocks, b => Assert.Equal(0u, b.Kind));
        var keyframe = Assert.Single(footer.Keyframes);
        Assert.Equal((1u, 1u, 0u, events[19].Sequence + 1), (keyframe.Index, keyframe.Kind, keyframe.EventCount, keyframe.FirstSequence));

        // The file header announces the addition; format version 1 stays, so older readers open the file.
        var headerLength = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(8));
        var header = FileHeader.Parser.ParseFrom(data.AsSpan(12, headerLength));
        Assert.Equal((1u, 1u), (header.FormatVersion, header.MinorVersion));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(300)]
    public void ReadAsync_BlockEncoding1File_AsWrittenBeforeEncoding2_ReadsBack(int eventsPerBlock)
    {
        var events = EventGenerators.SampleStream(600, 4);
        var blocks = events.Chunk(eventsPerBlock).ToList();
        var current = CodecTestHelpers.Encode(ProtobufBrotliCodec.Instance, blocks, complete: false);
        var legacy = ToBlockEncoding1(current);
        var read = CodecTestHelpers.ReadAll(ProtobufBrotliCodec.Instance, legacy);
        Assert.All(read, r => Assert.Null(r.Damage));
        Assert.Equal(events, read.SelectMany(r => r.Block!.Events));
    }

    [Fact]
    public void Write_SmallBlock_UsesOneStreamWhenThatIsSmaller()
    {
        var data = CodecTestHelpers.Encode(ProtobufBrotliCodec.Instance, [SmallBlock()]);
        var (header, _) = Frames(data).Single();
        Assert.NotEqual(0u, header.NumbersRawLength);
        Assert.Equal(0u, header.NumbersCompressedLength);
    }

    // Six small events, written out so the block stays small whatever event types the generators learn.
    private static RecordedEvent[] SmallBlock() =>
    [
        new(0, TimeSpan.Zero, new SessionStarted("sess_small", DateTimeOffset.UnixEpoch)),
        new(1, TimeSpan.FromMilliseconds(5), new FileCreated("f1", "main.py", "python")),
        new(2, TimeSpan.FromMilliseconds(120), new TextEdited("f1", new[] { new TextChange(0, 0, "p", null) }, null)),
        new(3, TimeSpan.FromMilliseconds(240), new TextEdited("f1", new[] { new TextChange(1, 0, "r", null) }, null)),
        new(4, TimeSpan.FromMilliseconds(900), new TerminalOutput("$ ")),
        new(5, TimeSpan.FromMilliseconds(950), new Marker("start")),
    ];

    /// <summary>The blocks of a file without footer, each with its header and payload.</summary>
    private static List<(BlockHeader Header, byte[] Payload)> Frames(byte[] data)
    {
        var frames = new List<(BlockHeader, byte[])>();
        var at = 8 + 4 + System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(8)) + 4;
        while (at < data.Length && data.AsSpan(at).StartsWith(ArchiveFrames.BlockMarker))
        {
            var length = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(at + 4));
            var header = BlockHeader.Parser.ParseFrom(data.AsSpan(at + 8, length));
            var payloadAt = at + 8 + length + 4;
            frames.Add((header, data.AsSpan(payloadAt, (int)header.PayloadLength).ToArray()));
            at = payloadAt + (int)header.PayloadLength;
        }

        return frames;
    }

    /// <summary>Rewrites a file as the block-encoding-1 writer wrote it: a writer name, and two Brotli streams behind two u32 lengths in every payload.</summary>
    private static byte[] ToBlockEncoding1(byte[] data)
    {
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        output.Write(ArchiveFrames.Magic);
        WriteChecksummed(output, new FileHeader { FormatVersion = 1, Writer = "InterviewLM.Recording.Storage.Protobuf", BlockEncoding = 1 });
        foreach (var (header, payload) in Frames(data))
        {
            var raw = new byte[header.RawLength];
            var numbersLength = (int)header.NumbersRawLength;
            if (header.NumbersCompressedLength == 0)
            {
                Assert.True(System.IO.Compression.BrotliDecoder.TryDecompress(payload, raw, out _));
            }
            else
            {
                Assert.True(System.IO.Compression.BrotliDecoder.TryDecompress(payload.AsSpan(0, (int)header.NumbersCompressedLength), raw, out _));
                Assert.True(System.IO.Compression.BrotliDecoder.TryDecompress(payload.AsSpan((int)header.NumbersCompressedLength), raw.AsSpan(numbersLength), out _));
            }

            var numbers = Brotli(raw.AsSpan(0, numbersLength));
            var text = Brotli(raw.AsSpan(numbersLength));
            var legacyPayload = new byte[8 + numbers.Length + text.Length];
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(legacyPayload, numbersLength);
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(legacyPayload.AsSpan(4), numbers.Length);
            numbers.CopyTo(legacyPayload, 8);
            text.CopyTo(legacyPayload, 8 + numbers.Length);
            var legacyHeader = header.Clone();
            legacyHeader.NumbersRawLength = 0;
            legacyHeader.NumbersCompressedLength = 0;
            legacyHeader.PayloadLength = (uint)legacyPayload.Length;
            legacyHeader.PayloadChecksum = System.IO.Hashing.XxHash3.HashToUInt64(legacyPayload);
            output.Write(ArchiveFrames.BlockMarker);
            WriteChecksummed(output, legacyHeader);
            output.Write(legacyPayload);
        }

        return output.WrittenSpan.ToArray();

        static byte[] Brotli(ReadOnlySpan<byte> source)
        {
            var buffer = new byte[System.IO.Compression.BrotliEncoder.GetMaxCompressedLength(source.Length) + 16];
            Assert.True(System.IO.Compression.BrotliEncoder.TryCompress(source, buffer, out var written, 5, 22));
            return buffer[..written];
        }

        static void WriteChecksummed(System.Buffers.ArrayBufferWriter<byte> output, IMessage message)
        {
            var body = message.ToByteArray();
            var lengthAndBody = new byte[4 + body.Length];
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(lengthAndBody, body.Length);
            body.CopyTo(lengthAndBody, 4);
            output.Write(lengthAndBody);
            var crc = new byte[4];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(crc, ArchiveFrames.HeaderChecksum(lengthAndBody));
            output.Write(crc);
        }
    }

    [Fact]
    public void Write_OneSmallBlock_CostsAtMost105BytesBesidesItsPayload()
    {
        // Magic, file header, block frame, footer and trailer: 103 bytes now, ~150 with block encoding 1 (writer name, 8-byte payload prefix).
        var complete = CodecTestHelpers.Encode(ProtobufBrotliCodec.Instance, [SmallBlock()]);
        var live = CodecTestHelpers.Encode(ProtobufBrotliCodec.Instance, [SmallBlock()], complete: false);
        var (header, _) = Frames(live).Single();
        Assert.True(complete.Length - header.PayloadLength <= 105, $"{complete.Length - header.PayloadLength} bytes of container");
    }
}
