using System.Text;
using InterviewLM.Recording.Cli.Commands;
using InterviewLM.Recording.Terminal;
using Microsoft.Extensions.Time.Testing;

namespace InterviewLM.Recording.Cli.Tests.Terminal;

public sealed class CastPlayerTests
{
    private static readonly TimedSessionEvent[] s_events =
    [
        new(TimeSpan.Zero, new TerminalStarted(80, 24)),
        new(TimeSpan.FromSeconds(1), new TerminalOutput("a")),
        new(TimeSpan.FromSeconds(2), new TerminalOutput("b")),
        new(TimeSpan.FromSeconds(10), new TerminalOutput("c")),
    ];

    [Fact]
    public async Task RunAsync_FakeClock_WritesEachFrameWhenItsTimeComes()
    {
        var clock = new FakeTimeProvider();
        var output = new SynchronizedStream();
        var player = new CastPlayer(s_events, output, clock, speed: 2);

        var run = player.RunAsync(TimeSpan.Zero, CancellationToken.None);
        await WaitForAsync(() => output.Text == string.Empty && !run.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(0.5));
        await WaitForAsync(() => output.Text == "a");
        clock.Advance(TimeSpan.FromSeconds(0.5));
        await WaitForAsync(() => output.Text == "ab");
        Assert.False(run.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(4));
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("abc", output.Text);
    }

    [Fact]
    public async Task RunAsync_FromAndSeekBack_DrawsAtOnceThenResetsAndRedraws()
    {
        var clock = new FakeTimeProvider();
        var output = new SynchronizedStream();
        var player = new CastPlayer(s_events, output, clock, speed: 1);

        var run = player.RunAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        await WaitForAsync(() => output.Text == "ab");
        player.Post(PlayerCommand.SeekBackward);
        await WaitForAsync(() => output.Text == "ab\u001bc");
        player.Post(PlayerCommand.SeekForward);
        player.Post(PlayerCommand.SeekForward);
        await WaitForAsync(() => output.Text == "ab\u001bcabc");
        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task RunAsync_WithKeyframeScreens_DrawsRestoredScreenOnSeekBack()
    {
        var clock = new FakeTimeProvider();
        var output = new SynchronizedStream();
        var asked = new List<TimeSpan>();
        VirtualTerminal ScreenAt(TimeSpan at)
        {
            asked.Add(at);
            var terminal = new VirtualTerminal(10, 2);
            terminal.Write(at >= TimeSpan.FromSeconds(2) ? "ab" : at >= TimeSpan.FromSeconds(1) ? "a" : string.Empty);
            return terminal;
        }

        var player = new CastPlayer(s_events, output, clock, speed: 1, ScreenAt);
        var run = player.RunAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        var drawnAt5 = Encoding.UTF8.GetString(ScreenRedraw.Render(ScreenAt(TimeSpan.FromSeconds(5))));
        await WaitForAsync(() => output.Text == drawnAt5);
        player.Post(PlayerCommand.SeekBackward);
        var drawnAt0 = Encoding.UTF8.GetString(ScreenRedraw.Render(ScreenAt(TimeSpan.Zero)));
        await WaitForAsync(() => output.Text == drawnAt5 + drawnAt0);
        Assert.StartsWith("\u001bc", drawnAt5, StringComparison.Ordinal);
        Assert.Contains("ab", drawnAt5, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(5), asked[0]);
        player.Post(PlayerCommand.Quit);
        clock.Advance(TimeSpan.FromSeconds(1));
        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Post_PauseSpeedAndQuit_Applied()
    {
        var clock = new FakeTimeProvider();
        var output = new SynchronizedStream();
        var player = new CastPlayer(s_events, output, clock, speed: 1);
        var run = player.RunAsync(TimeSpan.Zero, CancellationToken.None);

        player.Post(PlayerCommand.TogglePause);
        await WaitForAsync(() => player.Paused);
        clock.Advance(TimeSpan.FromSeconds(30));
        await Task.Delay(50);
        Assert.Equal(string.Empty, output.Text);
        player.Post(PlayerCommand.Faster);
        player.Post(PlayerCommand.TogglePause);
        await WaitForAsync(() => !player.Paused && player.Speed == 2);

        // The player resumes on its own task: a step of the clock taken before it waits again is not seen, so step until
        // "a" (1 s of cast, 0.5 s at 2×) appears; "b" (0.5 s of clock later at 2×) must not come with it.
        for (var step = 0; step < 100 && output.Text.Length == 0; step++)
        {
            clock.Advance(TimeSpan.FromSeconds(0.05));
            await Task.Delay(20);
        }

        await WaitForAsync(() => output.Text == "a");
        player.Post(PlayerCommand.Quit);
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("a", output.Text);
    }

    [Fact]
    public void ParseKeys_KeysAndArrowSequences_Commands()
    {
        Assert.Equal(
            [PlayerCommand.TogglePause, PlayerCommand.SeekForward, PlayerCommand.SeekBackward, PlayerCommand.Faster, PlayerCommand.Slower, PlayerCommand.Quit],
            PlayCommand.ParseKeys(" \u001b[C\u001bOD+-q"u8));
    }

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

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                Write(buffer, offset, count);
            }

            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            lock (_gate)
            {
                Write(buffer.Span);
            }

            return ValueTask.CompletedTask;
        }
    }
}
