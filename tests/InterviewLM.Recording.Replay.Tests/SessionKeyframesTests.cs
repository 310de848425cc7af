using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using InterviewLM.Recording.Storage;
using InterviewLM.Recording.Testing;

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

    [Property(MaxTest = 12)]
    public Property StateAt_StoredSeekEqualsInMemorySeekEqualsFoldFromStart_ForEveryCodec()
    {
        var input = Gen.Zip(Gen.Zip(Gen.Choose(0, 100_000), Gen.Choose(1, 200)), Gen.Zip(Gen.Choose(0, 1000), Gen.Choose(1, 40))).ToArbitrary();
        return Prop.ForAll(input, t =>
        {
            var ((seed, length), (permille, blockSize)) = t;
            var events = RandomSessions.Create(seed, length);
            var timeline = SessionTimeline.Build(events, new KeyframePolicy { MaxEvents = 5 });
            var at = permille == 1000 ? TimeSpan.MaxValue : timeline.Duration * (permille / 1000.0);
            var fold = timeline.FoldFromStart(at);
            if (!StateAssert.Same(fold, timeline.StateAt(at)))
            {
                return false;
            }

            foreach (var codec in KeyframeCodecs.All)
            {
                // With keyframes recorded (a seek restores one) and without (a seek folds from the start).
                foreach (var keyframes in new KeyframePolicy?[] { new() { MaxEvents = 7 }, null })
                {
                    var objects = StoredSessions.RecordAsync(codec, events, blockSize, keyframes).GetAwaiter().GetResult();
                    var session = StoredSessions.OpenAsync(objects).GetAwaiter().GetResult();
                    var seeker = StoredSessionSeeker.OpenAsync(session).GetAwaiter().GetResult();
                    var loaded = SessionKeyframes.LoadAsync(session).GetAwaiter().GetResult();

                    // A due keyframe may wait up to MaxEvents more events for a full-content snapshot.
                    var placed = keyframes is null ? seeker.Index.Keyframes.Count == 0 : seeker.Index.Keyframes.Count >= (events.Count / 14) - 1;
                    if (!placed || !StateAssert.Same(fold, seeker.StateAtAsync(at).GetAwaiter().GetResult()) || !StateAssert.Same(fold, loaded.StateAt(at)))
                    {
                        return false;
                    }
                }
            }

            return true;
        });
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public async Task StateAtAsync_SessionWithoutKeyframes_FoldsFromTheStartAndWritesNothing(string codecName)
    {
        var events = RandomSessions.Create(3, 300);
        var path = Path.Combine(_root, codecName);
        await StoredSessions.RecordAsync(DirectorySessionObjects.Create(path), KeyframeCodecs.Registry.Get(codecName), events, 25, keyframes: null);
        var before = Files(path);
        var session = await StoredSessions.OpenAsync(DirectorySessionObjects.Open(path));

        var seeker = await StoredSessionSeeker.OpenAsync(session);
        var timeline = SessionTimeline.Build(events);
        foreach (var at in new[] { TimeSpan.Zero, timeline.Duration / 3, timeline.Duration / 2, TimeSpan.MaxValue })
        {
            StateAssert.Equal(timeline.FoldFromStart(at), await seeker.StateAtAsync(at));
        }

        Assert.Empty(seeker.Index.Keyframes);
        StateAssert.Equal(timeline.FoldFromStart(TimeSpan.MaxValue), (await SessionKeyframes.LoadAsync(session)).StateAt(TimeSpan.MaxValue));
        Assert.Empty((await SessionKeyframes.LoadIndexAsync(session)).Keyframes);
        Assert.Equal(before, Files(path));

        static Dictionary<string, string> Files(string path) => Directory.GetFiles(path, "*", SearchOption.AllDirectories)
            .ToDictionary(f => f, f => Convert.ToHexString(File.ReadAllBytes(f)), StringComparer.Ordinal);
    }

    [Fact]
    public async Task LoadIndexAsync_MissingIndex_BuildsItInMemoryAndWritesNothing()
    {
        var events = RandomSessions.Create(4, 300);
        var objects = await StoredSessions.RecordAsync(KeyframeCodecs.Registry.Get("jsonl-gz"), events, 30, new KeyframePolicy { MaxEvents = 20 });
        await objects.DeleteAsync(SessionObjectNames.Index);
        var before = await StoredSessions.ContentAsync(objects);
        var session = await StoredSessions.OpenAsync(objects);

        var index = await SessionKeyframes.LoadIndexAsync(session);

        Assert.NotEmpty(index.Keyframes); // found in the events object
        var seeker = await StoredSessionSeeker.OpenAsync(session);
        StateAssert.Equal(SessionTimeline.Build(events).FoldFromStart(TimeSpan.MaxValue), await seeker.StateAtAsync(TimeSpan.MaxValue));
        Assert.Null(await objects.GetLengthAsync(SessionObjectNames.Index));
        Assert.Equal(before, await StoredSessions.ContentAsync(objects));
    }

    [Fact]
    public async Task OpenAsync_SessionStillRecording_SeeksWithoutWritingAndLosesNothing()
    {
        var events = RandomSessions.Create(7, 400);
        var objects = new InMemorySessionObjects("live");
        var sink = await new SessionPipelineBuilder().UseKeyframes(new KeyframePolicy { MaxEvents = 30 })
            .BuildAsync(objects, new SessionStorageOptions { Codec = KeyframeCodecs.Registry.Get("jsonl-gz") });
        await using (sink)
        {
            foreach (var block in events.Take(200).Chunk(25))
            {
                await sink.WriteAsync(block);
            }

            var before = await StoredSessions.ContentAsync(objects);
            var live = await StoredSessions.OpenAsync(objects);
            var seeker = await StoredSessionSeeker.OpenAsync(live);
            var at = events[150].Time;

            Assert.NotEmpty(seeker.Index.Keyframes); // the keyframe blocks written so far, from the events object (no index.json yet)
            StateAssert.Equal(SessionTimeline.Build(events.Take(200)).FoldFromStart(at), await seeker.StateAtAsync(at));
            Assert.Equal(before, await StoredSessions.ContentAsync(objects));

            // The recording goes on into the same object.
            foreach (var block in events.Skip(200).Chunk(25))
            {
                await sink.WriteAsync(block);
            }

            await sink.CompleteAsync();
        }

        var finished = await StoredSessions.OpenAsync(objects);
        Assert.Equal(events, await finished.ReadEventsAsync().ToListAsync());
        var reopened = await StoredSessionSeeker.OpenAsync(finished);
        StateAssert.Equal(SessionTimeline.Build(events).FoldFromStart(TimeSpan.MaxValue), await reopened.StateAtAsync(TimeSpan.MaxValue));
    }

    [Fact]
    public async Task LoadIndexAsync_StaleIndex_BuildsOneFromTheEventsObjectAndWritesNothing()
    {
        var first = await StoredSessions.RecordAsync(KeyframeCodecs.Registry.Get("jsonl"), RandomSessions.Create(5, 200), 30, new KeyframePolicy { MaxEvents = 10 });
        var other = RandomSessions.Create(6, 260);
        var objects = await StoredSessions.RecordAsync(KeyframeCodecs.Registry.Get("jsonl"), other, 30, new KeyframePolicy { MaxEvents = 10 });

        // Another recording's index lands beside these events; it no longer describes them.
        objects.SetContent(SessionObjectNames.Index, first.GetContent(SessionObjectNames.Index)!);
        var before = await StoredSessions.ContentAsync(objects);

        var seeker = await StoredSessionSeeker.OpenAsync(await StoredSessions.OpenAsync(objects));

        Assert.Equal(other.Count, seeker.Index.EventCount);
        var at = other[^1].Time / 2;
        StateAssert.Equal(SessionTimeline.Build(other).FoldFromStart(at), await seeker.StateAtAsync(at));
        Assert.Equal(before, await StoredSessions.ContentAsync(objects));
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public async Task StateAtAsync_LateMoment_ReadsOnlyTheBlocksItNeeds(string codecName)
    {
        // What CodeTracker records (keyframes name recent full-content snapshots); no Claude interactions or markers, which a
        // restore reads wherever they are (it restores the transcript so far).
        var events = SessionTimelineTests.TrackedSession(out _);
        var objects = await StoredSessions.RecordAsync(KeyframeCodecs.Registry.Get(codecName), events, 16, new KeyframePolicy { MaxEvents = 40, Interval = TimeSpan.MaxValue, MaxWork = long.MaxValue });
        var session = await StoredSessions.OpenAsync(objects);
        var seeker = await StoredSessionSeeker.OpenAsync(session);
        objects.ResetBytesRead();

        var late = events[^1].Time * 0.95;
        StateAssert.Equal(SessionTimeline.Build(events).FoldFromStart(late), await seeker.StateAtAsync(late));

        var length = await session.GetEventsLengthAsync();
        Assert.True(objects.BytesRead(session.EventsObjectName) < length / 4, $"a late seek read {objects.BytesRead(session.EventsObjectName)} of {length} bytes");
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public async Task StateAtAsync_DamagedBlockBeforeTheKeyframe_StillAnswersLateMoments(string codecName)
    {
        // Only the keyframe, what it refers to and the blocks after it are read: damage in an early block that holds no
        // Claude interaction or marker does not touch a late seek, which proves the seek does not fold from the start.
        var events = RandomSessions.Create(8, 600);
        var objects = await StoredSessions.RecordAsync(KeyframeCodecs.Registry.Get(codecName), events, 8, new KeyframePolicy { MaxEvents = 40 });
        var session = await StoredSessions.OpenAsync(objects);
        var index = await SessionKeyframes.LoadIndexAsync(session);
        var victim = Enumerable.Range(1, index.EventBlocks.Count / 3).Select(i => index.EventBlocks[i])
            .First(b => events.Skip((int)b.FirstSequence).Take(b.EventCount).All(e => e.Event.Channel is not EventChannel.Claude and not EventChannel.Marker));
        var bytes = objects.GetContent(session.EventsObjectName)!;
        bytes[victim.Offset + (victim.Length / 2)] ^= 0x55;
        objects.SetContent(session.EventsObjectName, bytes);
        Assert.NotEmpty((await SessionVerifier.VerifyAsync(session)).Problems);

        var seeker = await StoredSessionSeeker.OpenAsync(session);
        var late = events[^1].Time * 0.9;
        Assert.True(index.Keyframes[index.FindKeyframe(late)].Offset > victim.Offset);
        StateAssert.Equal(SessionTimeline.Build(events).FoldFromStart(late), await seeker.StateAtAsync(late));
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public async Task StateAtAsync_DamagedBlockTheMomentNeeds_ThrowsNamingItsOffset(string codecName)
    {
        var events = RandomSessions.Create(9, 400);
        var objects = await StoredSessions.RecordAsync(KeyframeCodecs.Registry.Get(codecName), events, 8, new KeyframePolicy { MaxEvents = 40 });
        var session = await StoredSessions.OpenAsync(objects);
        var index = (await StoredSessionSeeker.OpenAsync(session)).Index;
        var keyframe = index.Keyframes[index.Keyframes.Count / 2];
        var victim = index.EventBlocks[index.FindEventBlock(keyframe.NextSequence) + 1];
        var bytes = objects.GetContent(session.EventsObjectName)!;
        bytes[victim.Offset + (victim.Length / 2)] ^= 0x55;
        objects.SetContent(session.EventsObjectName, bytes);

        var fresh = await StoredSessionSeeker.OpenAsync(session); // the index is current (same length): the damage is found while seeking
        var after = events[(int)(victim.FirstSequence + victim.EventCount)].Time;
        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => fresh.StateAtAsync(after));
        Assert.Contains(victim.Offset.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message, StringComparison.Ordinal);
        StateAssert.Equal(SessionTimeline.Build(events).FoldFromStart(keyframe.Time), await fresh.StateAtAsync(keyframe.Time));
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public async Task StateAtAsync_KeyframesNamingSnapshotEvents_ReadThemFromTheEventsObject(string codecName)
    {
        var events = SessionTimelineTests.TrackedSession(out _);
        var policy = new KeyframePolicy { MaxEvents = 40, Interval = TimeSpan.MaxValue, MaxWork = long.MaxValue };
        var objects = await StoredSessions.RecordAsync(KeyframeCodecs.Registry.Get(codecName), events, 64, policy);
        var expected = SessionTimeline.Build(events, policy);
        var seeker = await StoredSessionSeeker.OpenAsync(await StoredSessions.OpenAsync(objects));

        Assert.Equal(expected.Keyframes.Select(k => (k.Time, k.EventIndex)), seeker.Index.Keyframes.Select(k => (k.Time, k.EventIndex)));
        Assert.All(seeker.Index.EventBlocks.SkipLast(1), b => Assert.Equal(64, b.EventCount)); // keyframes never split a block
        foreach (var at in seeker.Index.Keyframes.SelectMany(k => new[] { k.Time, k.Time + TimeSpan.FromMilliseconds(2500) }))
        {
            StateAssert.Equal(expected.FoldFromStart(at), await seeker.StateAtAsync(at));
        }
    }

    [Fact]
    public void Read_KeyframeOfAnEarlierFormatVersion_ThrowsFormatExceptionNamingIt()
    {
        var state = new SessionState();
        foreach (var recorded in RandomSessions.Create(2, 50))
        {
            state.Apply(recorded);
        }

        var data = KeyframeData.Write(state, null, 0);
        data[0] = 3;

        var ex = Assert.Throws<FormatException>(() => KeyframeData.Read(data));
        Assert.Contains("version 3", ex.Message, StringComparison.Ordinal);
    }
}
