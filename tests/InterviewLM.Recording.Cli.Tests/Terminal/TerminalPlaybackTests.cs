using System.Text;
using InterviewLM.Recording.Cli.Commands;
using InterviewLM.Recording.Replay;
using Microsoft.Extensions.Time.Testing;

namespace InterviewLM.Recording.Cli.Tests.Terminal;

/// <summary><c>ilmrec play</c>'s player: <see cref="SessionPlayer"/> driven on a fake clock, its output written to a stream.</summary>
public sealed class TerminalPlaybackTests
{
    private static readonly SessionTimeline s_timeline = Timeline(
        (0, new TerminalStarted(80, 24)),
        (1, new TerminalOutput("a")),
        (2, new TerminalOutput("b")),
        (10, new TerminalOutput("c")));

    [Fact]
    public async Task RunAsync_FakeClock_WritesEachFrameWhenItsTimeComes()
    {
        var clock = new FakeTimeProvider();
        var output = new SynchronizedStream();
        using var player = new TerminalPlayback(s_timeline, output, clock, speed: 2);

        var run = player.RunAsync(TimeSpan.Zero, CancellationToken.None);
        Assert.Equal(string.Empty, output.Text);
        // Frames come on the player's 60 Hz timer, so each step goes a little past the frame's time.
        clock.Advance(TimeSpan.FromSeconds(0.55));
        await WaitForAsync(() => output.Text == "a");
        clock.Advance(TimeSpan.FromSeconds(0.5));
        await WaitForAsync(() => output.Text == "ab");
        Assert.False(run.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(4));
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("abc", output.Text);
    }

    [Fact]
    public async Task RunAsync_OutputAtTimeZero_WrittenFirst()
    {
        var clock = new FakeTimeProvider();
        var output = new SynchronizedStream();
        using var player = new TerminalPlayback(Timeline((0, new TerminalStarted(80, 24)), (0, new TerminalOutput("$ ")), (1, new TerminalOutput("ls"))), output, clock, speed: 1);

        var run = player.RunAsync(TimeSpan.Zero, CancellationToken.None);
        Assert.Equal("$ ", output.Text);
        clock.Advance(TimeSpan.FromSeconds(1.1));
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("$ ls", output.Text);
    }

    [Fact]
    public async Task RunAsync_SpeedBeyondSessionPlayersRange_PlaysAtThatSpeed()
    {
        var clock = new FakeTimeProvider();
        var output = new SynchronizedStream();
        using var player = new TerminalPlayback(s_timeline, output, clock, speed: 1000);
        Assert.Equal(64, player.Speed);

        var run = player.RunAsync(TimeSpan.Zero, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(0.1)); // 6.4 s of the session: past "b" (2 s), before "c" (10 s)
        await WaitForAsync(() => output.Text == "ab");
        Assert.False(run.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(0.1));
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("abc", output.Text);
    }

    [Fact]
    public async Task RunAsync_FromAndSeeks_WritesOutputBeforeThenDrawsTheRestoredScreenEachWay()
    {
        var clock = new FakeTimeProvider();
        var output = new SynchronizedStream();
        using var player = new TerminalPlayback(s_timeline, output, clock, speed: 1);
        var drawnAt0 = Screen(TimeSpan.Zero);
        var drawnAt5 = Screen(TimeSpan.FromSeconds(5));
        var drawnAtEnd = Screen(TimeSpan.FromSeconds(10));

        var run = player.RunAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.Equal("ab", output.Text);
        player.Post(PlayerCommand.SeekBackward);
        await WaitForAsync(() => output.Text == "ab" + drawnAt0);
        player.Post(PlayerCommand.SeekForward);
        player.Post(PlayerCommand.SeekForward);
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("ab" + drawnAt0 + drawnAt5 + drawnAtEnd, output.Text);
        Assert.StartsWith("\u001bc", drawnAt5, StringComparison.Ordinal);
        Assert.Contains("ab", drawnAt5, StringComparison.Ordinal);
        Assert.Contains("abc", drawnAtEnd, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_PauseSpeedAndQuit_Applied()
    {
        var clock = new FakeTimeProvider();
        var output = new SynchronizedStream();
        using var player = new TerminalPlayback(s_timeline, output, clock, speed: 1);
        var run = player.RunAsync(TimeSpan.Zero, CancellationToken.None);

        player.Post(PlayerCommand.TogglePause);
        await WaitForAsync(() => player.Paused);
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(string.Empty, output.Text);
        player.Post(PlayerCommand.Faster);
        player.Post(PlayerCommand.TogglePause);
        await WaitForAsync(() => !player.Paused && player.Speed == 2);

        // 1 s of the session at 2× is 0.5 s of the clock; "b" (0.5 s of clock later) must not come with "a".
        clock.Advance(TimeSpan.FromSeconds(0.6));
        Assert.Equal("a", output.Text);
        player.Post(PlayerCommand.Quit);
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("a", output.Text);
    }

    [Fact]
    public void PlaybackClock_RateChanged_TimestampsStayContinuous()
    {
        var inner = new FakeTimeProvider();
        var clock = new PlaybackClock(inner, rate: 2);
        var start = clock.GetTimestamp();

        inner.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromSeconds(2), clock.GetElapsedTime(start));
        clock.Rate = 0.5;
        inner.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(TimeSpan.FromSeconds(3), clock.GetElapsedTime(start));
    }

    [Fact]
    public void ParseKeys_KeysAndArrowSequences_Commands()
    {
        Assert.Equal(
            [PlayerCommand.TogglePause, PlayerCommand.SeekForward, PlayerCommand.SeekBackward, PlayerCommand.Faster, PlayerCommand.Slower, PlayerCommand.Quit],
            PlayCommand.ParseKeys(" \u001b[C\u001bOD+-q"u8));
    }

    private static SessionTimeline Timeline(params (double Seconds, SessionEvent Event)[] events) =>
        SessionTimeline.Build(events.Select((e, i) => new RecordedEvent(i, TimeSpan.FromSeconds(e.Seconds), e.Event)));

    private static string Screen(TimeSpan at) => Encoding.UTF8.GetString(ScreenRedraw.Render(s_timeline.StateAt(at).Terminal));

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = Environment.TickCount64 + 10_000;
        while (!condition())
        {
            Assert.True(Environment.TickCount64 < deadline, "timed out");
            await Task.Delay(5);
        }
    }

    private sealed class SynchronizedStream : MemoryStream
    {
        private readonly Lock _gate = new();

        public string Text
        {
            get
            {
                lock (_gate)
                {
                    return Encoding.UTF8.GetString(ToArray());
                }
            }
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            lock (_gate)
            {
                base.Write(buffer, offset, count);
            }
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            lock (_gate)
            {
                base.Write(buffer);
            }
        }
    }
}
