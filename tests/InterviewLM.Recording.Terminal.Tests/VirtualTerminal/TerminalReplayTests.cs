namespace InterviewLM.Recording.Terminal.Tests;

public sealed class TerminalReplayTests
{
    private static readonly RecordedEvent[] s_events =
    [
        new(0, TimeSpan.Zero, new SessionStarted("s1", DateTimeOffset.UnixEpoch)),
        new(1, TimeSpan.FromSeconds(1), new TerminalStarted(10, 3)),
        new(2, TimeSpan.FromSeconds(2), new TerminalOutput("hello")),
        new(3, TimeSpan.FromSeconds(3), new TerminalResized(20, 4)),
        new(4, TimeSpan.FromSeconds(4), new TerminalOutput("\r\nworld")),
    ];

    [Fact]
    public void ScreenAt_BeforeTerminalStarted_ReturnsNull() =>
        Assert.Null(TerminalReplay.ScreenAt(s_events, TimeSpan.FromSeconds(0.5)));

    [Fact]
    public void ScreenAt_EventAtTheMoment_IsIncluded()
    {
        var terminal = TerminalReplay.ScreenAt(s_events, TimeSpan.FromSeconds(2))!;
        Assert.Equal("hello", terminal.GetLineText(0));
        Assert.Equal((10, 3), (terminal.Columns, terminal.Rows));
    }

    [Fact]
    public async Task ScreenAtAsync_End_AppliesResizeAndOutput()
    {
        var terminal = (await TerminalReplay.ScreenAtAsync(s_events.ToAsyncEnumerable(), TimeSpan.MaxValue))!;
        Assert.Equal((20, 4), (terminal.Columns, terminal.Rows));
        Assert.Equal(["hello", "world", "", ""], terminal.GetScreenText().Lines);
    }
}
