using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using InterviewLM.Recording.Storage.Jsonl;
using InterviewLM.Recording.TestUtils;

namespace InterviewLM.Recording.Storage.Tests;

/// <summary><see cref="JsonlCodec.ReadEvent"/>: one line of JSON Lines from elsewhere, read by the codec's own reader.</summary>
public sealed class JsonlReadEventTests
{
    [Property(MaxTest = 150)]
    public Property ReadEvent_EveryLineTheCodecWrites_GivesItsEventOrNullForFraming() => Prop.ForAll(
        Gen.Zip(EventGenerators.Stream, Gen.Choose(0, int.MaxValue)).ToArbitrary(),
        input =>
        {
            var (events, seed) = input;
            var data = CodecTestHelpers.Encode(JsonlCodec.Instance, EventGenerators.SplitIntoBlocks(events, seed));
            var read = new List<RecordedEvent>();
            var framing = 0;
            foreach (var line in Lines(data))
            {
                if (JsonlCodec.ReadEvent(line) is { } e)
                {
                    read.Add(new RecordedEvent(e.Sequence!.Value, e.Time, e.Event));
                }
                else
                {
                    Assert.StartsWith("{\"$block\":", Encoding.UTF8.GetString(line), StringComparison.Ordinal);
                    framing++;
                }
            }

            return read.SequenceEqual(events) && framing == (events.Length == 0 ? 0 : EventGenerators.SplitIntoBlocks(events, seed).Count);
        });

    [Fact]
    public void ReadEvent_NoSeq_ReadsWithoutSequence()
    {
        var e = JsonlCodec.ReadEvent("{\"t\":1500,\"type\":\"marker\",\"label\":\"x\"}"u8);

        Assert.Equal(new JsonlEventLine(null, TimeSpan.FromMicroseconds(1500), new Marker("x", null)), e);
    }

    [Fact]
    public void ReadEvent_KeyframeLine_ReturnsNull() =>
        Assert.Null(JsonlCodec.ReadEvent("{\"$keyframe\":1,\"t\":5,\"state\":\"AAAA\"}"u8));

    [Fact]
    public void ReadEvent_UnknownType_KeptAsUnknownEventWithTheWholeLine()
    {
        const string line = "{\"t\":7,\"type\":\"future_thing\",\"n\":[1,2]}";

        Assert.Equal(new UnknownEvent("future_thing", line), JsonlCodec.ReadEvent(Encoding.UTF8.GetBytes(line))!.Value.Event);
    }

    [Theory]
    [InlineData("{\"t\":1,type:\"marker\"}", "'t' is an invalid start of a property name. Expected a '\"'. LineNumber: 0 | BytePositionInLine: 7.")]
    [InlineData("[1,2]", "Expected StartObject but found StartArray.")]
    [InlineData("{\"type\":\"marker\",\"label\":\"x\"}", "An event record needs \"t\" and \"type\".")]
    [InlineData("{\"t\":1,\"type\":\"file_deleted\"}", "The record has no \"fileId\".")]
    [InlineData("{\"t\":\"soon\",\"type\":\"marker\",\"label\":\"x\"}", "\"t\" has the wrong type or value: Cannot get the value of a token type 'String' as a number.")]
    [InlineData("{\"t\":1,\"type\":\"marker\",\"label\":\"x\"} {}", "'{' is invalid after a single JSON value. Expected end of data. LineNumber: 0 | BytePositionInLine: 36.")]
    public void ReadEvent_MalformedLine_ThrowsJsonExceptionSayingWhy(string line, string message)
    {
        var ex = Assert.ThrowsAny<JsonException>(() => JsonlCodec.ReadEvent(Encoding.UTF8.GetBytes(line)));

        Assert.Equal(message, ex.Message);
    }

    private static IEnumerable<byte[]> Lines(byte[] data)
    {
        var start = 0;
        for (var i = 0; i < data.Length; i++)
        {
            if (data[i] == (byte)'\n')
            {
                yield return data[start..i];
                start = i + 1;
            }
        }
    }
}
