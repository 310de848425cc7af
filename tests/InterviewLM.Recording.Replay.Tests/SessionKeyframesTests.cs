using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using InterviewLM.Recording.SeekIndex;
using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Replay.Tests;

public sealed class SessionKeyframesTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ilmrec-replay-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static async Task<SessionDirectory> StoreAsync(string path, IEventCodec codec, IReadOnlyList<RecordedEvent> events, int blockSize)
    {
        var sink = SessionDirectory.Create(path, new SessionDirectoryOptions { Codec = codec });
        await using (sink)
        {
            foreach (var block in events.Chunk(blockSize))
            {
                await sink.WriteAsync(block);
            }

            await sink.CompleteAsync();
        }

        return SessionDirectory.Open(path);
    }

    [Property(MaxTest = 12)]
    public Property LoadAsync_StoredKeyframes_EqualFoldFromStart_ForEveryCodec()
    {
        var input = Gen.Zip(Gen.Zip(Gen.Choose(0, 100_000), Gen.Choose(1, 200)), Gen.Zip(Gen.Choose(0, 1000), Gen.Choose(1, 40))).ToArbitrary();
        return Prop.ForAll(input, t =>
        {
            var ((seed, length), (permille, blockSize)) = t;
            var events = RandomSessions.Create(seed, length);
            foreach (var codec in EventCodecs.Default.All)
            {
                var session = StoreAsync(Path.Combine(_root, $"{seed}-{length}-{permille}-{blockSize}-{codec.Name}"), codec, events, blockSize).GetAwaiter().GetResult();
                SessionKeyframes.WriteAsync(session, new KeyframePolicy { MaxEvents = 7 }).GetAwaiter().GetResult();
                var loaded = SessionKeyframes.LoadAsync(session).GetAwaiter().GetResult();
                Assert.NotNull(SessionKeyframes.ReadIndex(session));
                var at = loaded.Duration * (permille / 1000.0);
                if (!StateAssert.Same(loaded.FoldFromStart(at), loaded.StateAt(at)) || loaded.Keyframes.Count < (events.Count / 7) - 1)
                {
                    return false;
                }
            }

            return true;
        });
    }

    [Theory]
    [InlineData("jsonl")]
    [InlineData("jsonl-gz")]
    public async Task WriteAsync_KeepsEventsFileAndVerification(string codecName)
    {
        var events = RandomSessions.Create(3, 300);
        var session = await StoreAsync(Path.Combine(_root, codecName), EventCodecs.Default.Get(codecName), events, 25);
        var before = await File.ReadAllBytesAsync(session.EventsPath);

        var timeline = await SessionKeyframes.WriteAsync(session, new KeyframePolicy { MaxEvents = 50 });

        Assert.Equal(before, await File.ReadAllBytesAsync(session.EventsPath));
        Assert.Empty((await SessionVerification.VerifyAsync(SessionDirectory.Open(session.Path))).Problems);
        var index = SessionKeyframes.ReadIndex(session)!;
        Assert.Equal(timeline.Keyframes.Select(k => (k.Time, k.EventIndex)), index.Keyframes.Select(k => (k.Time, k.EventIndex)));
        Assert.Equal(events.Count, index.EventCount);
        Assert.Contains(index.Checkpoints, c => c.Description == "session_start");
        Assert.True(File.Exists(Path.Combine(session.Path, index.KeyframesFile)));
        Assert.NotNull(session.TryReadIndex());
    }

    [Fact]
    public async Task LoadAsync_MissingIndex_RebuildsKeyframes()
    {
        var events = RandomSessions.Create(4, 300);
        var session = await StoreAsync(Path.Combine(_root, "missing"), EventCodecs.Default.Get("jsonl-gz"), events, 30);
        Assert.Null(SessionKeyframes.ReadIndex(session));

        var timeline = await SessionKeyframes.LoadAsync(session);

        Assert.NotNull(SessionKeyframes.ReadIndex(session));
        StateAssert.Equal(timeline.FoldFromStart(TimeSpan.MaxValue), timeline.StateAt(TimeSpan.MaxValue));
    }

    [Fact]
    public async Task LoadAsync_StaleIndex_RebuildsFromEventStream()
    {
        var events = RandomSessions.Create(5, 200);
        var path = Path.Combine(_root, "stale");
        var session = await StoreAsync(path, EventCodecs.Default.Get("jsonl"), events, 30);
        await SessionKeyframes.WriteAsync(session, new KeyframePolicy { MaxEvents = 10 });
        var index = await File.ReadAllBytesAsync(Path.Combine(path, "index.json"));
        var keyframes = await File.ReadAllBytesAsync(Path.Combine(path, "keyframes.jsonl"));

        // Another recording of a different session lands in the same directory; the old index no longer describes it.
        Directory.Delete(path, recursive: true);
        var other = RandomSessions.Create(6, 260);
        session = await StoreAsync(path, EventCodecs.Default.Get("jsonl"), other, 30);
        await File.WriteAllBytesAsync(Path.Combine(path, "index.json"), index);
        await File.WriteAllBytesAsync(Path.Combine(path, "keyframes.jsonl"), keyframes);

        var timeline = await SessionKeyframes.LoadAsync(session);

        Assert.Equal(other.Count, timeline.Events.Count);
        var fresh = SessionKeyframes.ReadIndex(session)!;
        Assert.True(fresh.IsCurrent(other.Count, new FileInfo(session.EventsPath).Length));
        var at = timeline.Duration / 2;
        StateAssert.Equal(timeline.FoldFromStart(at), timeline.StateAt(at));
    }
}
