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
}
