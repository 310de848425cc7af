using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using InterviewLM.Recording.Storage;
using InterviewLM.Recording.TestUtils;

namespace InterviewLM.Recording.Storage.Protobuf.Tests;

public sealed class ProtobufBrotliCodecTests
{
    private static readonly ProtobufBrotliCodec Codec = ProtobufBrotliCodec.Instance;

    [Property(MaxTest = 200)]
    public Property ReadAsync_AnyStream_ReturnsEveryEventExactly() => Prop.ForAll(
        Gen.Zip(EventGenerators.Stream, Gen.Choose(0, int.MaxValue)).ToArbitrary(),
        input =>
        {
            var (events, seed) = input;
            var blocks = EventGenerators.SplitIntoBlocks(events, seed);
            var results = CodecTestHelpers.ReadAll(Codec, CodecTestHelpers.Encode(Codec, blocks));
            var read = results.Where(r => r.Block is not null).SelectMany(r => r.Block!.Events).ToArray();
            return results.All(r => r.Damage is null)
                && read.SequenceEqual(events)
                && results.Select(r => r.Block!.Location.Index).SequenceEqual(Enumerable.Range(0, blocks.Count));
        });

    [Property(MaxTest = 100)]
    public Property ReadAsync_LiveFileWithoutFooter_ReturnsEveryEvent() => Prop.ForAll(
        Gen.Zip(EventGenerators.Stream, Gen.Choose(0, int.MaxValue)).ToArbitrary(),
        input =>
        {
            var (events, seed) = input;
            var blocks = EventGenerators.SplitIntoBlocks(events, seed);
            var results = CodecTestHelpers.ReadAll(Codec, CodecTestHelpers.Encode(Codec, blocks, complete: false));
            return results.All(r => r.Damage is null) && results.SelectMany(r => r.Block!.Events).SequenceEqual(events);
        });

    [Fact]
    public async Task WriteBlockAsync_Locations_MatchTheReaderAndTheFooterIndex()
    {
        var events = EventGenerators.SampleStream(60);
        var blocks = EventGenerators.SplitIntoBlocks(events, 7);
        using var stream = new MemoryStream();
        var locations = new List<BlockLocation>();
        await using (var writer = Codec.CreateWriter(stream))
        {
            foreach (var block in blocks)
            {
                locations.Add(await writer.WriteBlockAsync(block));
            }

            await writer.CompleteAsync();
        }

        var read = await CodecTestHelpers.ReadAllAsync(Codec, stream.ToArray());
        Assert.Equal(locations, read.Select(r => r.Block!.Location));
        var index = await ProtobufBrotliCodec.ReadIndexAsync(stream);
        Assert.NotNull(index);
        Assert.Equal(locations, index);

        // Jump straight to each block, last first.
        for (var i = locations.Count - 1; i >= 0; i--)
        {
            var block = (await ProtobufBrotliCodec.ReadBlockAsync(stream, index[i])).Block;
            Assert.NotNull(block);
            Assert.Equal(blocks[i], block.Events);
        }
    }

    [Fact]
    public async Task ReadIndexAsync_LiveFileWithoutFooter_ReturnsNull()
    {
        var data = await CodecTestHelpers.EncodeAsync(Codec, EventGenerators.SplitIntoBlocks(EventGenerators.SampleStream(20), 1), complete: false);
        Assert.Null(await ProtobufBrotliCodec.ReadIndexAsync(new MemoryStream(data)));
    }

    [Fact]
    public async Task ReadAsync_EmptyStream_ReturnsNothing() =>
        Assert.Empty(await CodecTestHelpers.ReadAllAsync(Codec, []));

    [Fact]
    public async Task CompleteAsync_WithoutBlocks_WritesAFileThatReadsAsEmpty()
    {
        var data = await CodecTestHelpers.EncodeAsync(Codec, []);
        Assert.True(Codec.IsMatch(data.AsSpan(0, 8)));
        Assert.Empty(await CodecTestHelpers.ReadAllAsync(Codec, data));
        Assert.Equal([], await ProtobufBrotliCodec.ReadIndexAsync(new MemoryStream(data)));
    }

    [Fact]
    public async Task Detect_FirstBytes_FindsTheArchiveCodecAmongAll()
    {
        var data = await CodecTestHelpers.EncodeAsync(Codec, EventGenerators.SplitIntoBlocks(EventGenerators.SampleStream(5), 1));
        Assert.Same(Codec, CodecTestHelpers.AllCodecs.Detect(data.AsSpan(0, 16)));
        Assert.False(Codec.IsMatch("{\"seq\":0"u8));
        Assert.False(Codec.IsMatch([0x1f, 0x8b, 8, 4, 0, 0, 0, 0]));
    }

    [Fact]
    public async Task ReadAsync_UnknownEvent_RoundTripsByteForByte()
    {
        const string json = "{\"seq\":0,\"t\":5,\"type\":\"rrweb_v9_thing\",\"payload\":{\"a\":[1,2,{\"b\":\"ü\"}]},\"z\":null}";
        RecordedEvent[] events = [new(0, TimeSpan.FromTicks(50), new UnknownEvent("rrweb_v9_thing", json)), new(1, TimeSpan.FromTicks(51), new TerminalOutput("x\u001b[0m"))];
        var read = (await CodecTestHelpers.ReadAllAsync(Codec, await CodecTestHelpers.EncodeAsync(Codec, [events]))).Single().Block!.Events;
        Assert.Equal(events, read);
    }

    [Fact]
    public void Constructor_QualityOrWindowOutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProtobufBrotliCodec(quality: 12));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProtobufBrotliCodec(window: 9));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(11)]
    public async Task ReadAsync_AnyQuality_RoundTrips(int quality)
    {
        var codec = new ProtobufBrotliCodec(quality, 16);
        var events = EventGenerators.SampleStream(40, 9);
        var blocks = EventGenerators.SplitIntoBlocks(events, 3);
        var read = await CodecTestHelpers.ReadAllAsync(codec, await CodecTestHelpers.EncodeAsync(codec, blocks));
        Assert.Equal(events, read.SelectMany(r => r.Block!.Events));
    }
}
