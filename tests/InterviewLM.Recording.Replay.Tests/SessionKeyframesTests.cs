using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using InterviewLM.Recording.SeekIndex;
using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Replay.Tests;

public sealed class SessionKeyframesTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ilmrec-replay-" + Guid.NewGuid().ToString("N"));

    public static IEnumerable<object[]> Codecs() => KeyframeCodecs.All.Select(c => new object[] { c.Name });

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static async Task<SessionDirectory> StoreAsync(string path, IEventCodec codec, IReadOnlyList<RecordedEvent> events, int blockSize, KeyframePolicy? keyframes)
    {
        var options = new SessionDirectoryOptions { Codec = codec };
        if (keyframes is not null)
        {
            options.Keyframes = () => SessionKeyframes.CreateBuilder(keyframes);
        }

        var sink = SessionDirectory.Create(path, options);
        await using (sink)
        {
            foreach (var block in events.Chunk(blockSize))
            {
                await sink.WriteAsync(block);
            }

            await sink.CompleteAsync();
        }

        return SessionDirectory.Open(path, KeyframeCodecs.Registry);
    }

    [Property(MaxTest = 12)]
    public Property StateAt_RecordedKeyframes_EqualsFoldFromStart_ForEveryCodec()
    {
        var input = Gen.Zip(Gen.Zip(Gen.Choose(0, 100_000), Gen.Choose(1, 200)), Gen.Zip(Gen.Choose(0, 1000), Gen.Choose(1, 40))).ToArbitrary();
        return Prop.ForAll(input, t =>
        {
            var ((seed, length), (permille, blockSize)) = t;
            var events = RandomSessions.Create(seed, length);
            var expected = SessionTimeline.Build(events);
            foreach (var codec in KeyframeCodecs.All)
            {
                var session = StoreAsync(Path.Combine(_root, $"{seed}-{length}-{permille}-{blockSize}-{codec.Name}"), codec, events, blockSize, new KeyframePolicy { MaxEvents = 7 }).GetAwaiter().GetResult();
                var loaded = SessionKeyframes.LoadAsync(session).GetAwaiter().GetResult();
                var seeker = StoredSessionSeeker.OpenAsync(session).GetAwaiter().GetResult()!;
                var at = expected.Duration * (permille / 1000.0);
                var fold = expected.FoldFromStart(at);

                // Through the file from stored keyframes, and through the loaded timeline: both equal the fold from the start.
                // A due keyframe may wait up to MaxEvents more events for a full-content snapshot.
                if (seeker.Index.Keyframes.Count < (events.Count / 14) - 1 ||
                    !StateAssert.Same(fold, loaded.StateAt(at)) || !StateAssert.Same(fold, seeker.StateAtAsync(at).GetAwaiter().GetResult()))
                {
                    return false;
                }
            }

            return true;
        });
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public async Task AddAsync_SessionWithoutKeyframes_AddsThemAndKeepsEveryEvent(string codecName)
    {
        var events = RandomSessions.Create(3, 300);
        var session = await StoreAsync(Path.Combine(_root, codecName), KeyframeCodecs.Registry.Get(codecName), events, 25, keyframes: null);
        Assert.Empty(new SessionSeekIndex(session.TryReadIndex()!).Keyframes);

        var index = await SessionKeyframes.AddAsync(session, new KeyframePolicy { MaxEvents = 50 });

        Assert.Equal(events, await session.ReadEventsAsync().ToListAsync());
        Assert.Empty((await SessionVerification.VerifyAsync(SessionDirectory.Open(session.Path, KeyframeCodecs.Registry))).Problems);
        var timeline = SessionTimeline.Build(events, new KeyframePolicy { MaxEvents = 50 });
        Assert.Equal(timeline.Keyframes.Select(k => (k.Time, k.EventIndex)), index.Keyframes.Select(k => (k.Time, k.EventIndex)));
        Assert.Equal(events.Count, index.EventCount);
        Assert.Contains(index.Checkpoints, c => c.Description == "session_start");
        Assert.Equal(index.Keyframes.Select(k => k.Offset), new SessionSeekIndex(session.TryReadIndex()!).Keyframes.Select(k => k.Offset));
    }

    [Fact]
    public async Task LoadIndexAsync_MissingIndexAndNoKeyframes_RebuildsAndAddsThem()
    {
        var events = RandomSessions.Create(4, 300);
        var session = await StoreAsync(Path.Combine(_root, "missing"), KeyframeCodecs.Registry.Get("jsonl-gz"), events, 30, keyframes: null);
        File.Delete(Path.Combine(session.Path, SessionDirectory.IndexFileName));

        var index = await SessionKeyframes.LoadIndexAsync(session);

        Assert.NotNull(index);
        Assert.NotEmpty(index.Keyframes);
        Assert.True(session.TryReadIndex()!.IsCurrentFor(new FileInfo(session.EventsPath).Length));
        var seeker = (await StoredSessionSeeker.OpenAsync(session))!;
        StateAssert.Equal(SessionTimeline.Build(events).FoldFromStart(TimeSpan.MaxValue), await seeker.StateAtAsync(TimeSpan.MaxValue));
    }

    [Fact]
    public async Task OpenAsync_SessionStillRecording_SeeksWithoutRewritingTheEventsFileAndLosesNothing()
    {
        var events = RandomSessions.Create(7, 400);
        var path = Path.Combine(_root, "live");
        var sink = SessionDirectory.Create(path, new SessionDirectoryOptions { Codec = KeyframeCodecs.Registry.Get("jsonl-gz") });
        await using (sink)
        {
            foreach (var block in events.Take(200).Chunk(25))
            {
                await sink.WriteAsync(block);
            }

            var live = SessionDirectory.Open(path, KeyframeCodecs.Registry);
            var before = await File.ReadAllBytesAsync(live.EventsPath);
            var seeker = (await StoredSessionSeeker.OpenAsync(live))!;
            var at = events[150].Time;

            Assert.Empty(seeker.Index.Keyframes);
            StateAssert.Equal(SessionTimeline.Build(events.Take(200)).FoldFromStart(at), await seeker.StateAtAsync(at));
            Assert.Equal(before, await File.ReadAllBytesAsync(live.EventsPath));

            // The recording goes on into the same file.
            foreach (var block in events.Skip(200).Chunk(25))
            {
                await sink.WriteAsync(block);
            }

            await sink.CompleteAsync();
        }

        var finished = SessionDirectory.Open(path, KeyframeCodecs.Registry);
        Assert.Equal(events, await finished.ReadEventsAsync().ToListAsync());
        var reopened = (await StoredSessionSeeker.OpenAsync(finished))!;
        Assert.NotEmpty(reopened.Index.Keyframes);
        Assert.Equal(events, await finished.ReadEventsAsync().ToListAsync());
    }

    [Fact]
    public async Task LoadIndexAsync_StaleIndex_RebuildsFromTheEventsFile()
    {
        var path = Path.Combine(_root, "stale");
        var session = await StoreAsync(path, KeyframeCodecs.Registry.Get("jsonl"), RandomSessions.Create(5, 200), 30, new KeyframePolicy { MaxEvents = 10 });
        var index = await File.ReadAllBytesAsync(Path.Combine(path, "index.json"));

        // Another recording lands in the same directory; the old index no longer describes it.
        Directory.Delete(path, recursive: true);
        var other = RandomSessions.Create(6, 260);
        session = await StoreAsync(path, KeyframeCodecs.Registry.Get("jsonl"), other, 30, new KeyframePolicy { MaxEvents = 10 });
        await File.WriteAllBytesAsync(Path.Combine(path, "index.json"), index);

        var seeker = (await StoredSessionSeeker.OpenAsync(session))!;

        Assert.Equal(other.Count, seeker.Index.EventCount);
        Assert.True(session.TryReadIndex()!.IsCurrentFor(new FileInfo(session.EventsPath).Length));
        var at = other[^1].Time / 2;
        StateAssert.Equal(SessionTimeline.Build(other).FoldFromStart(at), await seeker.StateAtAsync(at));
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public async Task StateAtAsync_DamagedBlockBeforeTheKeyframe_StillAnswersLateMoments(string codecName)
    {
        // Only the keyframe, what it refers to and the blocks after it are read: damage in an early block that holds no
        // Claude interaction or marker does not touch a late seek, which proves the seek does not fold from the start.
        var events = RandomSessions.Create(8, 600);
        var session = await StoreAsync(Path.Combine(_root, "damaged-" + codecName), KeyframeCodecs.Registry.Get(codecName), events, 8, new KeyframePolicy { MaxEvents = 40 });
        var index = new SessionSeekIndex(session.TryReadIndex()!);
        var victim = Enumerable.Range(1, index.EventBlocks.Count / 3).Select(i => index.EventBlocks[i])
            .First(b => events.Skip((int)b.FirstSequence).Take(b.EventCount).All(e => e.Event.Channel is not EventChannel.Claude and not EventChannel.Marker));
        var bytes = await File.ReadAllBytesAsync(session.EventsPath);
        bytes[victim.Offset + (victim.Length / 2)] ^= 0x55;
        await File.WriteAllBytesAsync(session.EventsPath, bytes);
        var damagedAt = victim.Offset;
        Assert.NotEmpty((await SessionVerification.VerifyAsync(session)).Problems);

        var seeker = (await StoredSessionSeeker.OpenAsync(session))!;
        var late = events[^1].Time * 0.9;
        Assert.True(index.Keyframes[index.FindKeyframe(late)].Offset > damagedAt);
        StateAssert.Equal(SessionTimeline.Build(events).FoldFromStart(late), await seeker.StateAtAsync(late));
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public async Task StateAtAsync_DamagedBlockTheMomentNeeds_ThrowsNamingItsOffset(string codecName)
    {
        var events = RandomSessions.Create(9, 400);
        var session = await StoreAsync(Path.Combine(_root, "needed-" + codecName), KeyframeCodecs.Registry.Get(codecName), events, 8, new KeyframePolicy { MaxEvents = 40 });
        var seeker = (await StoredSessionSeeker.OpenAsync(session))!;
        var index = seeker.Index;
        var keyframe = index.Keyframes[index.Keyframes.Count / 2];
        var victim = index.EventBlocks[index.FindEventBlock(keyframe.NextSequence) + 1];
        var bytes = await File.ReadAllBytesAsync(session.EventsPath);
        bytes[victim.Offset + (victim.Length / 2)] ^= 0x55;
        await File.WriteAllBytesAsync(session.EventsPath, bytes);

        var fresh = (await StoredSessionSeeker.OpenAsync(session))!; // the index is current (same length): the damage is found while seeking
        var after = events[(int)(victim.FirstSequence + victim.EventCount)].Time;
        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => fresh.StateAtAsync(after));
        Assert.Contains(victim.Offset.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message, StringComparison.Ordinal);
        StateAssert.Equal(SessionTimeline.Build(events).FoldFromStart(keyframe.Time), await fresh.StateAtAsync(keyframe.Time));
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public async Task StateAtAsync_KeyframesNamingSnapshotEvents_ReadThemFromTheFile(string codecName)
    {
        var events = SessionTimelineTests.TrackedSession(out _);
        var policy = new KeyframePolicy { MaxEvents = 40, Interval = TimeSpan.MaxValue, MaxWork = long.MaxValue };
        var session = await StoreAsync(Path.Combine(_root, "tracked-" + codecName), KeyframeCodecs.Registry.Get(codecName), events, 64, policy);
        var expected = SessionTimeline.Build(events, policy);
        var seeker = (await StoredSessionSeeker.OpenAsync(session))!;

        Assert.Equal(expected.Keyframes.Select(k => (k.Time, k.EventIndex)), seeker.Index.Keyframes.Select(k => (k.Time, k.EventIndex)));
        Assert.All(seeker.Index.EventBlocks.SkipLast(1), b => Assert.Equal(64, b.EventCount)); // keyframes never split a block
        foreach (var at in seeker.Index.Keyframes.SelectMany(k => new[] { k.Time, k.Time + TimeSpan.FromMilliseconds(2500) }))
        {
            StateAssert.Equal(expected.FoldFromStart(at), await seeker.StateAtAsync(at));
        }
    }

}

/// <summary>The codecs the keyframe tests cover: every codec the suite has.</summary>
internal static class KeyframeCodecs
{
    public static EventCodecs Registry { get; } = Storage.Protobuf.SessionConverter.AllCodecs;

    public static IReadOnlyList<IEventCodec> All => Registry.All;
}
