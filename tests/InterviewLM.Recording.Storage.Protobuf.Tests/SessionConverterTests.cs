using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using InterviewLM.Recording.Storage;
using InterviewLM.Recording.TestUtils;

namespace InterviewLM.Recording.Storage.Protobuf.Tests;

public sealed class SessionConverterTests : IDisposable
{
    private static readonly string[] CodecNames = ["jsonl", "jsonl-gz", "protobuf-brotli"];
    private readonly string _root = Directory.CreateTempSubdirectory("ilm-convert-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Property(MaxTest = 60)]
    public Property ConvertAsync_AnyCodecToAnyCodec_PreservesEveryEventExactly() => Prop.ForAll(
        Gen.Zip(EventGenerators.Stream, Gen.Zip(Gen.Zip(Gen.Elements(CodecNames), Gen.Elements(CodecNames)), Gen.Zip(Gen.Elements(CodecNames), Gen.Choose(0, 50)))).ToArbitrary(),
        input =>
        {
            var (events, ((first, second), (third, regroup))) = input;
            var source = WriteSession(events, first);
            var middle = Path.Combine(_root, Guid.NewGuid().ToString("N"));
            var final = Path.Combine(_root, Guid.NewGuid().ToString("N"));
            ConvertAsync(source, middle, second, new SessionConversionOptions { MaxBlockEvents = regroup }).GetAwaiter().GetResult();
            var result = ConvertAsync(middle, final, third).GetAwaiter().GetResult();
            var session = Open(final);
            return session.Metadata!.Codec == third && File.Exists(Path.Combine(final, SessionConverter.AllCodecs.Get(third).FileName)) && result.Events == events.Length && ReadEvents(final).SequenceEqual(events);
        });

    [Fact]
    public async Task FinalizeToArchiveAsync_LiveCodecSession_BecomesAnArchiveWithTheSameEventsAndFiles()
    {
        var events = EventGenerators.SampleStream(200, 5);
        var directory = WriteSession(events, "jsonl-gz");
        var before = Open(directory).Metadata!;

        var result = await SessionConverter.FinalizeToArchiveAsync(directory);

        var session = Open(directory);
        Assert.IsType<ProtobufBrotliCodec>(session.Codec);
        Assert.Equal("protobuf-brotli", session.Metadata!.Codec);
        Assert.Equal(before.SessionId, session.Metadata.SessionId);
        Assert.Equal(before.EventCount, session.Metadata.EventCount);
        Assert.Equal(events.Length, result.Events);
        Assert.False(File.Exists(Path.Combine(directory, "events.jsonl.gz")));
        Assert.Equal(events, ReadEvents(directory));
        Assert.False(Directory.Exists(directory + ".archiving"));
        Assert.False(Directory.Exists(directory + ".replaced"));
    }

    [Fact]
    public async Task FinalizeToArchiveAsync_DamagedSource_LeavesTheSessionByteForByteAndNoSibling()
    {
        var directory = WriteSession(EventGenerators.SampleStream(100, 8), "jsonl-gz", blockSize: 10);
        var path = Path.Combine(directory, "events.jsonl.gz");
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[bytes.Length / 2] ^= 0x10;
        await File.WriteAllBytesAsync(path, bytes);
        var before = Directory.GetFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(f => (f, Convert.ToHexString(File.ReadAllBytes(f)))).ToList();

        await Assert.ThrowsAsync<InvalidDataException>(() => SessionConverter.FinalizeToArchiveAsync(directory));

        Assert.Equal(before, Directory.GetFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(f => (f, Convert.ToHexString(File.ReadAllBytes(f)))).ToList());
        Assert.False(Directory.Exists(directory + ".archiving"));
        Assert.False(Directory.Exists(directory + ".replaced"));
    }

    [Fact]
    public async Task ConvertAsync_DamagedSource_FailsUnlessToldToSkip()
    {
        var events = EventGenerators.SampleStream(100, 8);
        var directory = WriteSession(events, "protobuf-brotli", blockSize: 10);
        var path = Path.Combine(directory, "events.ilmb");
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[bytes.Length / 2] ^= 0x10;
        await File.WriteAllBytesAsync(path, bytes);

        await Assert.ThrowsAsync<InvalidDataException>(() => ConvertAsync(directory, Path.Combine(_root, "strict"), "jsonl"));
        var result = await ConvertAsync(directory, Path.Combine(_root, "lenient"), "jsonl", new SessionConversionOptions { SkipDamage = true });
        Assert.True(result.DamagedParts >= 1);
        Assert.True(result.Events is > 0 and < 100);
    }

    public static TheoryData<string, string, int> CodecPairs()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var from in CodecNames)
        {
            foreach (var to in CodecNames)
            {
                data.Add(from, to, 0);
                data.Add(from, to, 13);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CodecPairs))]
    public async Task ConvertAsync_SourceWithKeyframes_CarriesEveryKeyframeOverAfterItsEvents(string from, string to, int regroup)
    {
        var events = EventGenerators.SampleStream(90, 4);
        var source = Path.Combine(_root, Guid.NewGuid().ToString("N"));
        var sink = await new SessionPipelineBuilder().UseKeyframes(() => new EveryNth(11)).BuildAsync(DirectorySessionObjects.Create(source), new SessionStorageOptions { Codec = SessionConverter.AllCodecs.Get(from) });
        await using (sink)
        {
            foreach (var block in events.Chunk(8))
            {
                await sink.WriteAsync(block);
            }

            await sink.CompleteAsync();
        }

        var target = Path.Combine(_root, Guid.NewGuid().ToString("N"));
        await ConvertAsync(source, target, to, new SessionConversionOptions { MaxBlockEvents = regroup });

        var expected = await ReadKeyframesAsync(source);
        Assert.Equal(90 / 11, expected.Count);
        var converted = Open(target);
        Assert.Equal(to, converted.Metadata!.Codec);
        Assert.Equal(expected, await ReadKeyframesAsync(target));
        Assert.Equal(events, ReadEvents(target));
        var index = (await converted.ReadIndexAsync())!;
        Assert.Equal(expected.Select(k => k.Next), index.Blocks.Where(b => b.Kind == BlockKind.Keyframe).Select(b => b.FirstSequence));
        var verification = await SessionVerification.VerifyAsync(converted);
        Assert.Equal(expected.Count, verification.KeyframeCount);
        Assert.DoesNotContain(verification.Problems, p => p.Kind is "KeyframeMisplaced" or "Index");
        if (to == "protobuf-brotli")
        {
            // The archive's own footer lists the same keyframes, with their kind.
            await using var stream = File.OpenRead(Path.Combine(target, converted.EventsObjectName));
            var footer = await ProtobufBrotliCodec.ReadIndexAsync(stream);
            Assert.Equal(index.Blocks, footer);
        }
    }

    [Fact]
    public async Task ConvertAsync_WithPipeline_ItsLayersPlaceNewKeyframesAndOtherObjectsAreCopied()
    {
        var events = EventGenerators.SampleStream(60, 6);
        var source = new Testing.InMemorySessionObjects("memory:convert-source");
        var sink = await new SessionPipelineBuilder().UseKeyframes(() => new EveryNth(7)).BuildAsync(source, new SessionStorageOptions { Codec = SessionConverter.AllCodecs.Get("jsonl-gz"), CandidateId = "cand" });
        await using (sink)
        {
            foreach (var block in events.Chunk(10))
            {
                await sink.WriteAsync(block);
            }

            await sink.CompleteAsync();
        }

        await source.ReplaceAsync("terminal.cast", "cast"u8.ToArray());
        var target = new Testing.InMemorySessionObjects("memory:convert-target");
        var result = await SessionConverter.ConvertAsync(await StoredSession.OpenAsync(source, SessionConverter.AllCodecs), target, ProtobufBrotliCodec.Instance,
            new SessionConversionOptions { Pipeline = new SessionPipelineBuilder().UseKeyframes(() => new EveryNth(25)) });

        var converted = await StoredSession.OpenAsync(target, SessionConverter.AllCodecs);
        Assert.Equal(events, await converted.ReadEventsAsync().ToListAsync());
        Assert.Equal(new long[] { 25, 50 }, (await converted.ReadIndexAsync())!.Blocks.Where(b => b.Kind == BlockKind.Keyframe).Select(b => b.FirstSequence));
        Assert.Equal("cast"u8.ToArray(), target.GetContent("terminal.cast"));
        Assert.Equal("cand", converted.Metadata!.CandidateId);
        Assert.Equal("protobuf-brotli", converted.Metadata.Codec);
        Assert.Equal(target.GetContent("events.ilmb")!.Length, result.EventsFileBytes);
        Assert.Null(target.GetContent("events.jsonl.gz"));
    }

    private static async Task<List<(long Next, TimeSpan Time, string State)>> ReadKeyframesAsync(string directory)
    {
        var list = new List<(long, TimeSpan, string)>();
        await foreach (var result in Open(directory).ReadBlocksAsync())
        {
            Assert.Null(result.Damage);
            if (result.Keyframe is { } keyframe)
            {
                list.Add((keyframe.Location.FirstSequence, keyframe.Location.FirstTime, Convert.ToHexString(keyframe.State.Span)));
            }
        }

        return list;
    }

    /// <summary>A stand-in fold: a keyframe after every n-th event, holding that event's sequence number and some bulk.</summary>
    private sealed class EveryNth(int n) : IKeyframeBuilder
    {
        private long _applied;
        private long _lastSequence;

        public bool Apply(RecordedEvent recorded)
        {
            _lastSequence = recorded.Sequence;
            return ++_applied % n == 0;
        }

        public ReadOnlyMemory<byte> CreateKeyframe() => Enumerable.Range(0, 50 + (int)(_lastSequence % 17)).Select(i => (byte)(i * _lastSequence)).ToArray();
    }

    private static StoredSession Open(string directory) =>
        StoredSession.OpenAsync(DirectorySessionObjects.Open(directory), SessionConverter.AllCodecs).AsTask().GetAwaiter().GetResult();

    private static Task<SessionConversionResult> ConvertAsync(string source, string target, string codec, SessionConversionOptions? options = null) =>
        SessionConverter.ConvertAsync(Open(source), DirectorySessionObjects.Create(target), SessionConverter.AllCodecs.Get(codec), options);

    private string WriteSession(RecordedEvent[] events, string codec, int blockSize = 7)
    {
        var directory = Path.Combine(_root, Guid.NewGuid().ToString("N"));
        var sink = new SessionPipelineBuilder().BuildAsync(DirectorySessionObjects.Create(directory), new SessionStorageOptions { Codec = SessionConverter.AllCodecs.Get(codec) }).AsTask().GetAwaiter().GetResult();
        try
        {
            foreach (var block in events.Chunk(blockSize))
            {
                sink.WriteAsync(block).AsTask().GetAwaiter().GetResult();
            }

            sink.CompleteAsync().AsTask().GetAwaiter().GetResult();
        }
        finally
        {
            sink.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        return directory;
    }

    private static List<RecordedEvent> ReadEvents(string directory) =>
        Open(directory).ReadEventsAsync().ToListAsync().AsTask().GetAwaiter().GetResult();
}
