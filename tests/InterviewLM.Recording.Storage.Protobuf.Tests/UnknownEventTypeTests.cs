using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Google.Protobuf;
using InterviewLM.Recording.Storage.Protobuf.Schema;
using InterviewLM.Recording.TestUtils;

namespace InterviewLM.Recording.Storage.Protobuf.Tests;

/// <summary>A reader meeting an event type from a newer writer passes it through as <see cref="UnknownEvent"/> and writes it back as it was.</summary>
public sealed class UnknownEventTypeTests
{
    /// <summary>What a newer writer puts in <c>others</c> for a type added after v1: a new oneof case, its type name, and a field inside the event this schema lacks.</summary>
    private static byte[] NewerEvent(int caseNumber, string typeName, byte[] payload, ulong extra)
    {
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        output.WriteTag(caseNumber, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(payload));
        output.WriteTag(Event.TypeNameFieldNumber, WireFormat.WireType.LengthDelimited);
        output.WriteString(typeName);
        output.WriteTag(1000, WireFormat.WireType.Varint);
        output.WriteUInt64(extra);
        output.Flush();
        return stream.ToArray();
    }

    /// <summary>Whether this schema lacks a field of that number in <see cref="Event"/> (cases added after v1 are known).</summary>
    private static bool IsUnknownCase(int caseNumber) => Event.Descriptor.FindFieldByNumber(caseNumber) is null;

    private static (RecordedEvent[] Events, byte[] File, byte[] Newer) WriteFileWithNewerType(int caseNumber, string typeName, byte[] payload, ulong extra, int at)
    {
        // The sample's own unknown events keep their JSON (with their old seq) verbatim, so leave them out: this block is renumbered.
        var events = EventGenerators.SampleStream(40, 6).Where(e => e.Event is not UnknownEvent).Select((e, i) => e with { Sequence = i }).ToArray();
        Assert.True(events.Length > 25);
        var newer = NewerEvent(caseNumber, typeName, payload, extra);

        // The block a newer writer writes: the sample's columns with the newer event put in at position `at`.
        var columns = ColumnBlockCodec.Encode(events);
        var otherIndex = columns.Kinds.Take(at).Count(k => k == (uint)EventKind.Other);
        columns.Kinds.Insert(at, (uint)EventKind.Other);
        columns.TimeDeltas.Insert(at, 0);
        columns.Others.Insert(otherIndex, Event.Parser.ParseFrom(newer));
        var shifted = events.Take(at).Append(null!).Concat(events.Skip(at)).Select((e, i) => e is null ? null : e with { Sequence = i }).ToArray();
        var decoded = ColumnBlockCodec.Decode(columns, 0, events[0].Time.Ticks, events.Length + 1);
        Assert.All(Enumerable.Range(0, shifted.Length).Where(i => i != at), i => Assert.Equal(shifted[i], decoded[i]));
        return ([.. decoded], columns.ToByteArray(), newer);
    }

    [Fact]
    public void Decode_EventOfANewerType_IsPassedThroughAsUnknownEventAndTheRestOfTheBlockDecodes()
    {
        var (events, _, newer) = WriteFileWithNewerType(23, "screen_share_started", [0x0A, 0x02, (byte)'h', (byte)'i'], 77, 5);
        var unknown = Assert.IsType<UnknownEvent>(events[5].Event);
        Assert.Equal("screen_share_started", unknown.TypeName);
        using var json = JsonDocument.Parse(unknown.RawJson);
        Assert.Equal("screen_share_started", json.RootElement.GetProperty("type").GetString());
        Assert.Equal(Event.Parser.ParseFrom(newer), Event.Parser.ParseFrom(json.RootElement.GetProperty("protobuf").GetBytesFromBase64()));
        Assert.Equal(5, events[5].Sequence);
        Assert.Equal(events[4].Time, events[5].Time);
    }

    [Fact]
    public void Decode_EventWithNoPayloadAtAll_IsMalformed()
    {
        var columns = ColumnBlockCodec.Encode(EventGenerators.SampleStream(3, 1));
        columns.Kinds.Add((uint)EventKind.Other);
        columns.TimeDeltas.Add(0);
        columns.Others.Add(new Event());
        Assert.Throws<InvalidDataException>(() => ColumnBlockCodec.Decode(columns, 0, 0, 4));
    }

    [Property(MaxTest = 60)]
    public Property Codecs_EventOfANewerType_RoundTripsThroughEveryCodecBackToTheNewerMessage() => Prop.ForAll(
        Gen.Zip(Gen.Zip(Gen.Choose(17, 99).Where(IsUnknownCase), Gen.Elements("future_a", "x.y/z", "émoji 😀")), Gen.Zip(Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b)), Gen.Choose(0, 25))).ToArbitrary(),
        input =>
        {
            var ((caseNumber, typeName), (payload, at)) = input;
            var (events, _, newer) = WriteFileWithNewerType(caseNumber, typeName, payload, (ulong)payload.Length, at);

            // protobuf-brotli → jsonl → jsonl-gz → protobuf-brotli: the event stays an UnknownEvent with the same type and original message.
            var blocks = new[] { events };
            var archive = CodecTestHelpers.Encode(ProtobufBrotliCodec.Instance, blocks);
            var afterArchive = CodecTestHelpers.ReadAll(ProtobufBrotliCodec.Instance, archive).Single().Block!.Events.ToArray();
            var jsonl = CodecTestHelpers.Encode(CodecTestHelpers.AllCodecs.Get("jsonl"), [afterArchive]);
            var afterJsonl = CodecTestHelpers.ReadAll(CodecTestHelpers.AllCodecs.Get("jsonl"), jsonl).Single().Block!.Events.ToArray();
            var again = CodecTestHelpers.Encode(ProtobufBrotliCodec.Instance, [afterJsonl]);
            var final = CodecTestHelpers.ReadAll(ProtobufBrotliCodec.Instance, again).Single().Block!.Events.ToArray();

            var unknown = (UnknownEvent)final[at].Event;
            using var json = JsonDocument.Parse(unknown.RawJson);
            var restored = Event.Parser.ParseFrom(json.RootElement.GetProperty("protobuf").GetBytesFromBase64());
            return afterArchive.SequenceEqual(events) &&
                unknown.TypeName == typeName &&
                restored.Equals(Event.Parser.ParseFrom(newer)) &&
                final.Where((_, i) => i != at).SequenceEqual(events.Where((_, i) => i != at));
        });

    [Fact]
    public void Encode_PassedThroughEvent_WritesTheNewerMessageBackUnchanged()
    {
        var (events, _, newer) = WriteFileWithNewerType(31, "future_type", [1, 2, 3], 9, 2);
        var columns = ColumnBlockCodec.Encode(events);
        var written = columns.Others.Single(o => o.PayloadCase == Event.PayloadOneofCase.None);
        Assert.Equal(Event.Parser.ParseFrom(newer), written);
        Assert.Equal("future_type", written.TypeName);
    }

    [Fact]
    public void Encode_UnknownEventWithJsonOfItsOwn_IsStoredAsUnknownEvent()
    {
        var own = new UnknownEvent("future_json", """{"type":"future_json","protobuf":"AAAA","note":1}""");
        var message = EventMessages.ToMessage(own);
        Assert.Equal(Event.PayloadOneofCase.UnknownEvent, message.PayloadCase);
        Assert.Equal(own, EventMessages.FromMessage(message));
    }
}
