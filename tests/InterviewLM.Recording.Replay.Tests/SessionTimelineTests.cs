using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace InterviewLM.Recording.Replay.Tests;

public sealed class SessionTimelineTests
{
    [Property(MaxTest = 60)]
    public Property StateAt_ThroughKeyframes_EqualsFoldFromStart()
    {
        var input = Gen.Zip(Gen.Zip(Gen.Choose(0, 100_000), Gen.Choose(0, 300)), Gen.Zip(Gen.Choose(1, 25), Gen.Choose(0, 1000))).ToArbitrary();
        return Prop.ForAll(input, t =>
        {
            var ((seed, length), (maxEvents, permille)) = t;
            var events = RandomSessions.Create(seed, length);
            var timeline = SessionTimeline.Build(events, new KeyframePolicy { MaxEvents = maxEvents, Interval = TimeSpan.FromSeconds(20), MaxWork = 200 });
            var at = permille == 1000 ? TimeSpan.MaxValue : timeline.Duration * (permille / 1000.0);
            if (permille % 3 == 0 && events.Count > 0)
            {
                at = events[permille * (events.Count - 1) / 1000].Time;
            }

            return StateAssert.Same(timeline.FoldFromStart(at), timeline.StateAt(at));
        });
    }

    [Fact]
    public void StateAt_ScreenWithMoreScrollbackThanCapacity_RestoresFromItsKeyframe()
    {
        // Found by the property above: a resize left the normal screen holding more lines above it than its capacity
        // minus its rows, and the snapshot reader refused the snapshot the writer had made of that state.
        var events = RandomSessions.Create(29464, 271);
        var timeline = SessionTimeline.Build(events, new KeyframePolicy { MaxEvents = 20, Interval = TimeSpan.FromSeconds(20), MaxWork = 200 });
        var at = timeline.Duration * 0.305;
        Assert.True(StateAssert.Same(timeline.FoldFromStart(at), timeline.StateAt(at)));
    }

    [Property(MaxTest = 60)]
    public Property StateAt_RecyclingEarlierState_EqualsFoldFromStart()
    {
        var input = Gen.Zip(Gen.Zip(Gen.Choose(0, 100_000), Gen.Choose(0, 300)), Gen.Zip(Gen.Choose(0, 1000), Gen.Choose(0, 1000))).ToArbitrary();
        return Prop.ForAll(input, t =>
        {
            var ((seed, length), (first, second)) = t;
            var timeline = SessionTimeline.Build(RandomSessions.Create(seed, length), new KeyframePolicy { MaxEvents = 9 });
            var previous = timeline.StateAt(timeline.Duration * (first / 1000.0));
            var at = timeline.Duration * (second / 1000.0);
            return StateAssert.Same(timeline.FoldFromStart(at), timeline.StateAt(at, previous));
        });
    }

    [Fact]
    public void Build_BigFileWithSmallEdits_StoresDiffsNotCopies()
    {
        var content = string.Concat(Enumerable.Range(0, 2000).Select(i => $"line {i} of a big file\n"));
        var events = new List<RecordedEvent> { new(0, TimeSpan.Zero, new FileCreated("big", "big.txt", null, content)) };
        for (var i = 1; i <= 200; i++)
        {
            events.Add(new RecordedEvent(i, TimeSpan.FromSeconds(i), new TextEdited("big", new[] { new TextChange(i * 40, 0, "x", null) }, null)));
        }

        var timeline = SessionTimeline.Build(events, new KeyframePolicy { MaxEvents = 10, Interval = TimeSpan.MaxValue, MaxWork = long.MaxValue });

        Assert.Equal(20, timeline.Keyframes.Count);
        Assert.True(timeline.KeyframeBytes < 3 * content.Length, $"keyframes take {timeline.KeyframeBytes} bytes for a {content.Length}-character file");
        foreach (var at in new[] { 5, 55, 105, 155, 199, 200 })
        {
            StateAssert.Equal(timeline.FoldFromStart(TimeSpan.FromSeconds(at)), timeline.StateAt(TimeSpan.FromSeconds(at)));
        }
    }

    [Fact]
    public void StateAt_EveryEventTime_EqualsFoldFromStart()
    {
        var events = RandomSessions.Create(1234, 500);
        var timeline = SessionTimeline.Build(events, new KeyframePolicy { MaxEvents = 16 });
        Assert.True(timeline.Keyframes.Count > 10);
        foreach (var at in events.Select(e => e.Time).Distinct())
        {
            StateAssert.Equal(timeline.FoldFromStart(at), timeline.StateAt(at));
        }
    }

    [Fact]
    public void StateAt_BeforeFirstEvent_IsEmpty()
    {
        var events = RandomSessions.Create(5, 50);
        var shifted = events.Select(e => e with { Time = e.Time + TimeSpan.FromSeconds(1) }).ToList();
        var state = SessionTimeline.Build(shifted).StateAt(TimeSpan.Zero);
        Assert.Equal(0, state.EventCount);
        Assert.Empty(state.Workspace.Files);
        Assert.Null(state.Terminal);
    }

    [Fact]
    public void Build_PlacesKeyframesByEventsAndByTime()
    {
        var events = RandomSessions.Create(99, 1000);
        var byEvents = SessionTimeline.Build(events, new KeyframePolicy { MaxEvents = 100, Interval = TimeSpan.MaxValue, MaxWork = long.MaxValue });
        // A due keyframe waits at most the policy's bounds again for the files' full-content snapshots.
        Assert.All(Placed(byEvents).Zip(Placed(byEvents).Skip(1)), p => Assert.InRange(p.Second.EventIndex - p.First.EventIndex, 100, 200));
        var byTime = SessionTimeline.Build(events, new KeyframePolicy { MaxEvents = int.MaxValue, Interval = TimeSpan.FromSeconds(60), MaxWork = long.MaxValue });
        Assert.All(Placed(byTime).Zip(Placed(byTime).Skip(1)), p => Assert.True(p.Second.Time - p.First.Time >= TimeSpan.FromSeconds(60)));
        Assert.All(Placed(byTime).Zip(Placed(byTime).Skip(1)), p => Assert.True(p.Second.Time - p.First.Time < TimeSpan.FromSeconds(60 + 60 + (2 * 3)))); // events are up to 3 s apart

        // Whatever the policy, the session's end gets a keyframe of its own.
        Assert.All(new[] { byEvents, byTime }, t => Assert.Equal(events.Count, t.Keyframes[^1].EventIndex));

        // The keyframes the policy placed: all but the one after session_end.
        static IEnumerable<KeyframeLocation> Placed(SessionTimeline timeline) => timeline.Keyframes.Take(timeline.Keyframes.Count - 1);
    }

    [Fact]
    public void Build_UnchangedFiles_AreStoredByReference()
    {
        var events = new List<RecordedEvent> { new(0, TimeSpan.Zero, new FileCreated("big", "big.txt", null, new string('x', 100_000))) };
        for (var i = 1; i <= 100; i++)
        {
            events.Add(new RecordedEvent(i, TimeSpan.FromSeconds(i), new TerminalOutput("tick\r\n")));
        }

        var timeline = SessionTimeline.Build(events, new KeyframePolicy { MaxEvents = 10, Interval = TimeSpan.MaxValue, MaxWork = long.MaxValue });
        Assert.Equal(10, timeline.Keyframes.Count); // the last event is not session_end: no end keyframe
        Assert.True(timeline.KeyframeBytes < 100_000 + (10 * 20_000), $"keyframes take {timeline.KeyframeBytes} bytes");
        StateAssert.Equal(timeline.FoldFromStart(TimeSpan.FromSeconds(95)), timeline.StateAt(TimeSpan.FromSeconds(95)));
    }

    [Fact]
    public void Build_KeyframesAfterFullSnapshots_NameThemInsteadOfCopyingTheFile()
    {
        // What CodeTracker records: a big file, edits, a full-content snapshot every 15 edits.
        var events = TrackedSession(out var fileLength);
        var timeline = SessionTimeline.Build(events, new KeyframePolicy { MaxEvents = 40, Interval = TimeSpan.MaxValue, MaxWork = long.MaxValue });

        Assert.True(timeline.Keyframes.Count >= 10, $"{timeline.Keyframes.Count} keyframes");
        Assert.All(timeline.Keyframes, k => Assert.True(events[(int)k.EventIndex - 1].Event is CodeSnapshot { FullContent: not null } or SessionEnded, $"keyframe {k.Number} after {events[(int)k.EventIndex - 1].Event.Type}"));
        Assert.True(timeline.KeyframeBytes < fileLength / 4, $"{timeline.Keyframes.Count} keyframes take {timeline.KeyframeBytes} bytes; the file has {fileLength} characters");
        foreach (var keyframe in timeline.Keyframes)
        {
            foreach (var at in new[] { keyframe.Time, keyframe.Time + TimeSpan.FromMilliseconds(1500) })
            {
                StateAssert.Equal(timeline.FoldFromStart(at), timeline.StateAt(at));
            }
        }
    }

    [Fact]
    public void Build_DueKeyframeWithoutSnapshotInReach_StoresChangesNotTheFile()
    {
        // The snapshots stop: keyframes store the few characters that differ from the last snapshot (or from the previous
        // keyframe's copy) rather than the 41,000-character file.
        var events = TrackedSession(out var fileLength).Where(e => e.Event is not CodeSnapshot || e.Sequence < 100).Select((e, i) => e with { Sequence = i }).ToList();
        var timeline = SessionTimeline.Build(events, new KeyframePolicy { MaxEvents = 40, Interval = TimeSpan.MaxValue, MaxWork = long.MaxValue });

        // Once the last full snapshot is more than twice the policy's events old, keyframes no longer wait for the next one.
        var late = timeline.Keyframes.SkipLast(1).Where(k => k.EventIndex > 300).ToList(); // the last one is the end's
        Assert.All(late.Zip(late.Skip(1)), p => Assert.Equal(40, p.Second.EventIndex - p.First.EventIndex));
        Assert.True(late.Count >= ((events.Count - 300) / 40) - 1, $"{late.Count} keyframes after event 300");
        Assert.True(timeline.KeyframeBytes < fileLength / 4, $"{timeline.Keyframes.Count} keyframes take {timeline.KeyframeBytes} bytes; the file has {fileLength} characters");
        StateAssert.Equal(timeline.FoldFromStart(events[^2].Time), timeline.StateAt(events[^2].Time));
    }

    // A 41,000-character file typed into at spread-out places, one edit a second, with a full snapshot every 15 edits.
    internal static List<RecordedEvent> TrackedSession(out int fileLength)
    {
        var random = new Random(7);
        var content = string.Concat(Enumerable.Range(0, 1000).Select(i => $"line {i:D4} of a long file, with some text\n"));
        fileLength = content.Length;
        var events = new List<RecordedEvent> { new(0, TimeSpan.Zero, new FileCreated("f", "f.txt", null, content)) };
        var document = new System.Text.StringBuilder(content);
        for (var i = 1; i <= 600; i++)
        {
            var time = TimeSpan.FromSeconds(i);
            var offset = random.Next(document.Length);
            events.Add(new RecordedEvent(events.Count, time, new TextEdited("f", new[] { new TextChange(offset, 0, "x") })));
            document.Insert(offset, 'x');
            if (i % 15 == 0)
            {
                var text = document.ToString();
                events.Add(new RecordedEvent(events.Count, time, new CodeSnapshot("f", ContentHasher.Hash(text), EquatableArray<LineDiffOperation>.Empty, text)));
            }
        }

        events.Add(new RecordedEvent(events.Count, events[^1].Time, new SessionEnded("completed")));
        return events;
    }
}
