using InterviewLM.Recording.Storage.Gzip;
using InterviewLM.Recording.Storage.Jsonl;
using InterviewLM.Recording.Testing;
using InterviewLM.Recording.TestUtils;

namespace InterviewLM.Recording.Storage.Tests;

public sealed class SessionTranscoderTests
{
    private static async Task<(InMemorySessionObjects Objects, StoredSession Session)> StoreAsync(RecordedEvent[] events, int blockSize, IEventCodec codec, Func<IKeyframeBuilder>? keyframes = null)
    {
        var objects = new InMemorySessionObjects("memory:source");
        var pipeline = new SessionPipelineBuilder();
        if (keyframes is not null)
        {
            pipeline.UseKeyframes(keyframes);
        }

        await TestSessions.WriteBlocksAsync(await pipeline.BuildAsync(objects, new SessionStorageOptions { Codec = codec }), events.Chunk(blockSize));
        return (objects, await StoredSession.OpenAsync(objects));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(100)]
    public async Task CopyAsync_MaxBlockEvents_ReblocksAndKeepsEveryEvent(int maxBlockEvents)
    {
        var events = EventGenerators.SampleStream(50);
        var (_, source) = await StoreAsync(events, 16, JsonlCodec.Instance);
        var target = new CallLogSink();

        var result = await SessionTranscoder.CopyAsync(source, target, new SessionTranscodeOptions { MaxBlockEvents = maxBlockEvents });

        Assert.Equal(events, target.Blocks.SelectMany(b => b));
        var expectedSizes = maxBlockEvents == 0
            ? events.Chunk(16).Select(b => b.Length)
            : events.Chunk(maxBlockEvents).Select(b => b.Length);
        Assert.Equal(expectedSizes, target.Blocks.Select(b => b.Length));
        Assert.Equal(new SessionTranscodeResult(50, target.Blocks.Count, 0), result);
        Assert.Equal("complete", target.Calls[^1]);
        Assert.False(target.Disposed); // the caller owns the target
    }

    [Fact]
    public async Task CopyAsync_DamagedSource_ThrowsUnlessToldToSkipThenSkipsOnlyTheDamagedBlock()
    {
        var events = EventGenerators.SampleStream(60, 9);
        var (objects, source) = await StoreAsync(events, 10, GzipJsonlCodec.Instance);
        var block = (await source.ReadIndexAsync())!.Blocks[2];
        var bytes = objects.GetContent(source.EventsObjectName)!;
        bytes[block.Offset + (block.Length / 2)] ^= 0x40;
        objects.SetContent(source.EventsObjectName, bytes);
        var damaged = await StoredSession.OpenAsync(objects);

        var strict = new CallLogSink();
        await Assert.ThrowsAsync<InvalidDataException>(() => SessionTranscoder.CopyAsync(damaged, strict));
        Assert.DoesNotContain("complete", strict.Calls);

        var lenient = new CallLogSink();
        var result = await SessionTranscoder.CopyAsync(damaged, lenient, new SessionTranscodeOptions { SkipDamage = true });
        // The damaged block is lost (a flip may swallow the start of the block after it too); every other block comes through.
        var copied = lenient.Blocks.SelectMany(b => b).ToList();
        Assert.InRange(result.DamagedParts, 1, 2);
        Assert.Equal(copied.Count, result.Events);
        Assert.All(events.Where(e => e.Sequence is < 20 or >= 40), e => Assert.Contains(e, copied));
        Assert.DoesNotContain(copied, e => e.Sequence is >= 20 and < 30);
        Assert.Equal(events.Where(copied.Contains), copied);
        Assert.Equal("complete", lenient.Calls[^1]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(25)]
    public async Task CopyAsync_CarryKeyframes_WritesEachAfterTheBlockHoldingItsEvent(int maxBlockEvents)
    {
        var events = EventGenerators.SampleStream(70, 5);
        var (_, source) = await StoreAsync(events, 12, JsonlCodec.Instance, () => new EveryNthKeyframe(9));
        var expected = (await source.ReadBlocksAsync().ToListAsync()).Where(r => r.Keyframe is not null).Select(r => r.Keyframe!).ToList();
        Assert.Equal(70 / 9, expected.Count);

        var target = new InMemorySessionObjects("memory:carried");
        var sink = await SessionStorageSink.CreateAsync(target, new SessionStorageOptions { Codec = GzipJsonlCodec.Instance });
        await using (sink)
        {
            await SessionTranscoder.CopyAsync(source, sink, new SessionTranscodeOptions { MaxBlockEvents = maxBlockEvents, CarryKeyframes = true });
        }

        var copied = await StoredSession.OpenAsync(target);
        var read = await copied.ReadBlocksAsync().ToListAsync();
        Assert.Equal(events, read.Where(r => r.Block is not null).SelectMany(r => r.Block!.Events));
        var keyframes = read.Where(r => r.Keyframe is not null).Select(r => r.Keyframe!).ToList();
        Assert.Equal(expected.Select(k => (k.Location.FirstSequence, k.Location.FirstTime, Convert.ToHexString(k.State.Span))),
            keyframes.Select(k => (k.Location.FirstSequence, k.Location.FirstTime, Convert.ToHexString(k.State.Span))));
        var verification = await SessionVerification.VerifyAsync(copied);
        Assert.Equal(expected.Count, verification.KeyframeCount);
        Assert.DoesNotContain(verification.Problems, p => p.Kind is "KeyframeMisplaced" or "Index");
    }

    [Fact]
    public async Task CopyAsync_NoCarry_DropsTheSourcesKeyframes()
    {
        var (_, source) = await StoreAsync(EventGenerators.SampleStream(30), 10, JsonlCodec.Instance, () => new EveryNthKeyframe(5));
        var target = new CallLogSink();
        await SessionTranscoder.CopyAsync(source, target);
        Assert.Empty(target.Keyframes);
        Assert.Equal(30, target.Blocks.Sum(b => b.Length));
    }

    [Fact]
    public async Task CopyAsync_CarryKeyframesToASinkWithoutThem_Throws()
    {
        var (_, source) = await StoreAsync(EventGenerators.SampleStream(10), 10, JsonlCodec.Instance);
        await using var target = new InMemoryEventSink();
        await Assert.ThrowsAsync<ArgumentException>(() => SessionTranscoder.CopyAsync(source, target, new SessionTranscodeOptions { CarryKeyframes = true }));
    }

    [Fact]
    public async Task CopyAsync_IntoAPipelineWithKeyframes_PlacesNewOnesAndLeavesTheSourceAsItWas()
    {
        var events = EventGenerators.SampleStream(80);
        var (objects, source) = await StoreAsync(events, 16, JsonlCodec.Instance);
        var before = objects.GetContent(source.EventsObjectName);

        var target = new InMemorySessionObjects("memory:rekeyframed");
        var sink = await new SessionPipelineBuilder().UseKeyframes(() => new EveryNthKeyframe(9)).BuildAsync(target, new SessionStorageOptions { Codec = JsonlCodec.Instance });
        await using (sink)
        {
            await SessionTranscoder.CopyAsync(source, sink);
        }

        var rewritten = await StoredSession.OpenAsync(target);
        Assert.Equal(events, await rewritten.ReadEventsAsync().ToListAsync());
        var index = (await rewritten.ReadIndexAsync())!;
        Assert.Equal(80 / 9, index.Blocks.Count(b => b.Kind == BlockKind.Keyframe));
        Assert.True(index.IsCurrentFor(await rewritten.GetEventsLengthAsync()));
        Assert.Equal(before, objects.GetContent(source.EventsObjectName));
    }
}
