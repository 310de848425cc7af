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
            SessionConverter.ConvertAsync(source, middle, SessionConverter.AllCodecs.Get(second), new SessionConversionOptions { MaxBlockEvents = regroup }).GetAwaiter().GetResult();
            var result = SessionConverter.ConvertAsync(middle, final, SessionConverter.AllCodecs.Get(third)).GetAwaiter().GetResult();
            var session = SessionDirectory.Open(final, SessionConverter.AllCodecs);
            return session.Metadata!.Codec == third && File.Exists(Path.Combine(final, SessionConverter.AllCodecs.Get(third).FileName)) && result.Events == events.Length && ReadEvents(final).SequenceEqual(events);
        });

    [Fact]
    public async Task FinalizeToArchiveAsync_LiveCodecSession_BecomesAnArchiveWithTheSameEventsAndFiles()
    {
        var events = EventGenerators.SampleStream(200, 5);
        var directory = WriteSession(events, "jsonl-gz");
        var before = SessionDirectory.Open(directory, SessionConverter.AllCodecs).Metadata!;

        var result = await SessionConverter.FinalizeToArchiveAsync(directory);

        var session = SessionDirectory.Open(directory, SessionConverter.AllCodecs);
        Assert.Same(ProtobufBrotliCodec.Instance, session.Codec);
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
    public async Task ConvertAsync_DamagedSource_FailsUnlessToldToSkip()
    {
        var events = EventGenerators.SampleStream(100, 8);
        var directory = WriteSession(events, "protobuf-brotli", blockSize: 10);
        var path = Path.Combine(directory, "events.ilmb");
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[bytes.Length / 2] ^= 0x10;
        await File.WriteAllBytesAsync(path, bytes);

        await Assert.ThrowsAsync<InvalidDataException>(() => SessionConverter.ConvertAsync(directory, Path.Combine(_root, "strict"), JsonlCodecForTests()));
        var result = await SessionConverter.ConvertAsync(directory, Path.Combine(_root, "lenient"), JsonlCodecForTests(), new SessionConversionOptions { SkipDamage = true });
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
        var sink = SessionDirectory.Create(source, new SessionDirectoryOptions { Codec = SessionConverter.AllCodecs.Get(from), Keyframes = () => new EveryNth(11) });
        await using (sink)
        {
            foreach (var block in events.Chunk(8))
            {
                await sink.WriteAsync(block);
            }

            await sink.CompleteAsync();
        }

        var target = Path.Combine(_root, Guid.NewGuid().ToString("N"));
        await SessionConverter.ConvertAsync(source, target, SessionConverter.AllCodecs.Get(to), new SessionConversionOptions { MaxBlockEvents = regroup });

        var expected = await ReadKeyframesAsync(source);
        Assert.Equal(90 / 11, expected.Count);
        var converted = SessionDirectory.Open(target, SessionConverter.AllCodecs);
        Assert.Equal(to, converted.Metadata!.Codec);
        Assert.Equal(expected, await ReadKeyframesAsync(target));
        Assert.Equal(events, ReadEvents(target));
        var index = converted.TryReadIndex()!;
        Assert.Equal(expected.Select(k => k.Next), index.Blocks.Where(b => b.Kind == BlockKind.Keyframe).Select(b => b.FirstSequence));
        var verification = await SessionVerification.VerifyAsync(converted);
        Assert.Equal(expected.Count, verification.KeyframeCount);
        Assert.DoesNotContain(verification.Problems, p => p.Kind is "KeyframeMisplaced" or "Index");
        if (to == "protobuf-brotli")
        {
            // The archive's own footer lists the same keyframes, with their kind.
            await using var stream = File.OpenRead(converted.EventsPath);
            var footer = await ProtobufBrotliCodec.ReadIndexAsync(stream);
            Assert.Equal(index.Blocks, footer);
        }
    }

    private static async Task<List<(long Next, TimeSpan Time, string State)>> ReadKeyframesAsync(string directory)
    {
        var list = new List<(long, TimeSpan, string)>();
        await foreach (var result in SessionDirectory.Open(directory, SessionConverter.AllCodecs).ReadBlocksAsync())
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

    private static IEventCodec JsonlCodecForTests() => SessionConverter.AllCodecs.Get("jsonl");

    private string WriteSession(RecordedEvent[] events, string codec, int blockSize = 7)
    {
        var directory = Path.Combine(_root, Guid.NewGuid().ToString("N"));
        var sink = SessionDirectory.Create(directory, new SessionDirectoryOptions { Codec = SessionConverter.AllCodecs.Get(codec) });
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
        SessionDirectory.Open(directory, SessionConverter.AllCodecs).ReadEventsAsync().ToListAsync().AsTask().GetAwaiter().GetResult();
}
