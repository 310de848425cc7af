using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using InterviewLM.Recording.Storage;
using InterviewLM.Recording.TestUtils;

namespace InterviewLM.Recording.Storage.Tests;

public sealed partial class CodecRoundTripTests
{
    [Property(MaxTest = 150)]
    public Property ReadAsync_Jsonl_ReturnsEveryEventExactly() => RoundTrips("jsonl");

    [Property(MaxTest = 150)]
    public Property ReadAsync_GzipJsonl_ReturnsEveryEventExactly() => RoundTrips("jsonl-gz");

    private static Property RoundTrips(string codecName) => Prop.ForAll(
        Gen.Zip(EventGenerators.Stream, Gen.Choose(0, int.MaxValue)).ToArbitrary(),
        input =>
        {
            var (events, seed) = input;
            var codec = CodecTestHelpers.CodecByName(codecName);
            var blocks = EventGenerators.SplitIntoBlocks(events, seed);
            var results = CodecTestHelpers.ReadAll(codec, CodecTestHelpers.Encode(codec, blocks));
            var read = results.Where(r => r.Block is not null).SelectMany(r => r.Block!.Events).ToArray();
            return results.All(r => r.Damage is null)
                && results.Count == blocks.Count
                && read.SequenceEqual(events)
                && results.Select(r => r.Block!.Location.Index).SequenceEqual(Enumerable.Range(0, blocks.Count));
        });

    [Theory]
    [MemberData(nameof(CodecTestHelpers.Codecs), MemberType = typeof(CodecTestHelpers))]
    public async Task WriteBlockAsync_Locations_MatchWhatTheReaderFinds(IEventCodec codec)
    {
        var events = EventGenerators.SampleStream(25);
        var blocks = EventGenerators.SplitIntoBlocks(events, 7);
        using var stream = new MemoryStream();
        var locations = new List<BlockLocation>();
        await using (var writer = codec.CreateWriter(stream))
        {
            foreach (var block in blocks)
            {
                locations.Add(await writer.WriteBlockAsync(block));
            }
        }

        var read = await CodecTestHelpers.ReadAllAsync(codec, stream.ToArray());
        Assert.Equal(locations, read.Select(r => r.Block!.Location));
    }

    [Theory]
    [MemberData(nameof(CodecTestHelpers.Codecs), MemberType = typeof(CodecTestHelpers))]
    public async Task ReadAsync_EmptyStream_ReturnsNothing(IEventCodec codec) =>
        Assert.Empty(await CodecTestHelpers.ReadAllAsync(codec, []));

    [Fact]
    public async Task ReadAsync_UnknownEventType_IsKeptAndWrittenBackUnchanged()
    {
        const string line = "{\"seq\":0,\"t\":5,\"type\":\"rrweb_v9_thing\",\"payload\":{\"a\":[1,2,{\"b\":\"ü\"}]},\"z\":null}";
        var codec = Jsonl.JsonlCodec.Instance;
        var original = new RecordedEvent(0, TimeSpan.FromTicks(50), new UnknownEvent("rrweb_v9_thing", line));
        var encoded = await CodecTestHelpers.EncodeAsync(codec, [[original]]);
        var text = System.Text.Encoding.UTF8.GetString(encoded);
        Assert.Contains(line + "\n", text, StringComparison.Ordinal);

        var read = Assert.Single(await CodecTestHelpers.ReadAllAsync(codec, encoded)).Block!.Events.Single();
        var unknown = Assert.IsType<UnknownEvent>(read.Event);
        Assert.Equal("rrweb_v9_thing", unknown.TypeName);
        Assert.Equal(line, unknown.RawJson);
        Assert.Equal(encoded, await CodecTestHelpers.EncodeAsync(codec, [[read]]));
    }

    [Fact]
    public async Task ReadAsync_UiEventJson_IsReturnedByteForByte()
    {
        string[] payloads = ["{\"type\":3,\"data\":{\"x\":1.50}}", "[ 1 , 2 ]", "{\n \"multi\": 1\n}", " {\"lead\":1}", "\"text\"", "1e3"];
        var events = payloads.Select((json, i) => new RecordedEvent(i, TimeSpan.Zero, new UiEvent("rrweb", json))).ToArray();
        var read = (await CodecTestHelpers.ReadAllAsync(Jsonl.JsonlCodec.Instance, await CodecTestHelpers.EncodeAsync(Jsonl.JsonlCodec.Instance, [events])))
            .Single().Block!.Events.Select(e => ((UiEvent)e.Event).Json);
        Assert.Equal(payloads, read);
    }
}
