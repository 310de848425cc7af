using Microsoft.Extensions.Time.Testing;

namespace InterviewLM.Recording.Replay.Tests;

public sealed class SessionPlayerTests
{
    private static readonly TimeSpan Frame = SessionPlayer.DefaultFrameInterval;

    // One event per second for 100 s: terminal output, with a marker, a Claude call and a bad snapshot on the way.
    private static SessionTimeline Session()
    {
        var events = new List<RecordedEvent> { new(0, TimeSpan.Zero, new TerminalStarted(40, 5)), new(1, TimeSpan.Zero, new FileCreated("f", "a.txt", null, "a")) };
        for (var i = 1; i <= 100; i++)
        {
            SessionEvent value = i switch
            {
                30 => new Marker("half-way"),
                40 => new ClaudeInteraction("msg", "claude", "p", "r", new ClaudeUsage(1, 1, 0, 0), TimeSpan.Zero),
                50 => new CodeSnapshot("f", new string('0', 64), EquatableArray<LineDiffOperation>.Empty, "a"),
                _ => new TerminalOutput($"{i}\r\n"),
            };
            events.Add(new RecordedEvent(events.Count, TimeSpan.FromSeconds(i), value));
        }

        return SessionTimeline.Build(events, new KeyframePolicy { MaxEvents = 10 });
    }

    private static void Run(FakeTimeProvider clock, TimeSpan duration)
    {
        // Advance frame by frame, as a real clock would tick.
        for (var t = TimeSpan.Zero; t < duration; t += Frame)
        {
            clock.Advance(Frame);
        }
    }

    [Fact]
    public void Play_AtSpeeds_MovesPlayheadBySpeedTimesElapsed()
    {
        foreach (var speed in SessionPlayer.Speeds)
        {
            var clock = new FakeTimeProvider();
            using var player = new SessionPlayer(Session(), clock) { Speed = speed };
            player.Play();
            Run(clock, TimeSpan.FromSeconds(10));

            Assert.InRange(player.Position.TotalSeconds, (10 * speed) - 0.1, (10 * speed) + 0.1);
            Assert.Equal(Session().FoldFromStart(player.Position).EventCount, player.State.EventCount);
        }
    }

    [Fact]
    public void Speed_ChangedWhilePlaying_AppliesFromThatMoment()
    {
        var clock = new FakeTimeProvider();
        using var player = new SessionPlayer(Session(), clock);
        player.Play();
        Run(clock, TimeSpan.FromSeconds(10));
        player.Speed = 2;
        Run(clock, TimeSpan.FromSeconds(5));

        Assert.InRange(player.Position.TotalSeconds, 19.8, 20.2);
    }

    [Fact]
    public void Speed_OutOfRange_IsClamped()
    {
        using var player = new SessionPlayer(Session(), new FakeTimeProvider()) { Speed = 10 };
        Assert.Equal(SessionPlayer.MaximumSpeed, player.Speed);
        player.Speed = 0.01;
        Assert.Equal(SessionPlayer.MinimumSpeed, player.Speed);
    }

    [Fact]
    public void Pause_Resume_HoldsPlayheadWhilePaused()
    {
        var clock = new FakeTimeProvider();
        using var player = new SessionPlayer(Session(), clock);
        player.Play();
        Run(clock, TimeSpan.FromSeconds(5));
        player.Pause();
        var paused = player.Position;
        var count = player.State.EventCount;
        Run(clock, TimeSpan.FromSeconds(20));

        Assert.False(player.IsPlaying);
        Assert.Equal(paused, player.Position);
        Assert.Equal(count, player.State.EventCount);
        player.Play();
        Run(clock, TimeSpan.FromSeconds(5));
        Assert.InRange((player.Position - paused).TotalSeconds, 4.9, 5.1);
    }

    [Fact]
    public void Seek_DuringPlay_ContinuesFromTargetWithFoldedState()
    {
        var clock = new FakeTimeProvider();
        var timeline = Session();
        using var player = new SessionPlayer(timeline, clock);
        var frames = new List<TimeSpan>();
        player.StateUpdated += (_, e) => frames.Add(e.Position);
        player.Play();
        Run(clock, TimeSpan.FromSeconds(3));
        player.Seek(TimeSpan.FromSeconds(70));

        Assert.Equal(TimeSpan.FromSeconds(70), frames[^1]);
        StateAssert.Equal(timeline.FoldFromStart(TimeSpan.FromSeconds(70)), player.State);
        Run(clock, TimeSpan.FromSeconds(5));
        Assert.True(player.IsPlaying);
        Assert.InRange(player.Position.TotalSeconds, 74.9, 75.1);
        StateAssert.Equal(timeline.FoldFromStart(player.Position), player.State);
        player.Seek(TimeSpan.FromSeconds(12));
        StateAssert.Equal(timeline.FoldFromStart(TimeSpan.FromSeconds(12)), player.State);
    }

    [Fact]
    public void Play_ToTheEnd_RaisesEndedOnceAndStops()
    {
        var clock = new FakeTimeProvider();
        var timeline = Session();
        using var player = new SessionPlayer(timeline, clock) { Speed = 4 };
        var ended = 0;
        player.Ended += (_, _) => ended++;
        player.Play();
        Run(clock, TimeSpan.FromSeconds(40));

        Assert.Equal(1, ended);
        Assert.False(player.IsPlaying);
        Assert.Equal(1.0, player.Progress);
        StateAssert.Equal(timeline.FoldFromStart(TimeSpan.MaxValue), player.State);
    }

    [Fact]
    public void Play_At4xUnderLoad_SkipsRendersButNoEvent()
    {
        var clock = new LaggingClock();
        var timeline = Session();
        using var player = new SessionPlayer(timeline, clock) { Speed = 4 };
        var applied = new List<RecordedEvent>();
        var terminal = 0;
        var renders = 0;
        var markers = new List<string>();
        var claude = 0;
        var problems = new List<string>();
        player.EventApplied += (_, e) => applied.Add(e.Recorded);
        player.TerminalOutput += (_, _) => terminal++;
        player.StateUpdated += (_, _) => renders++;
        player.MarkerReached += (_, e) => markers.Add(((Marker)e.Recorded.Event).Label);
        player.ClaudeInteraction += (_, _) => claude++;
        player.ProblemFound += (_, e) => problems.Add(e.Problem);
        player.Play();

        // The host is so loaded that the timer fires only every 2 s of real time (8 s of session time at 4x).
        for (var i = 0; i < 20; i++)
        {
            clock.FireLate(TimeSpan.FromSeconds(2));
        }

        // The player starts at 0 s with the events at 0 s folded in; every later event is applied and reported, in order.
        Assert.Equal(timeline.Events.Where(e => e.Time > TimeSpan.Zero), applied);
        Assert.Equal(97, terminal);
        Assert.Equal(["half-way"], markers);
        Assert.Equal(1, claude);
        Assert.Single(problems);
        Assert.Contains("does not match the hash", problems[0], StringComparison.Ordinal);
        Assert.Equal(13, renders); // 100 s at 4x is 25 s: the 13th late tick reaches the end
    }

    /// <summary>A clock whose timer fires only when told, long after it was due (a host under load).</summary>
    private sealed class LaggingClock : TimeProvider
    {
        private long _now;
        private TimerCallback? _callback;
        private object? _callbackState;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _now;

        public void FireLate(TimeSpan delay)
        {
            _now += delay.Ticks;
            _callback?.Invoke(_callbackState);
        }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            (_callback, _callbackState) = (callback, state);
            return new Timer(this);
        }

        private sealed class Timer(LaggingClock owner) : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;

            public void Dispose() => owner._callback = null;

            public ValueTask DisposeAsync()
            {
                Dispose();
                return ValueTask.CompletedTask;
            }
        }
    }
}
