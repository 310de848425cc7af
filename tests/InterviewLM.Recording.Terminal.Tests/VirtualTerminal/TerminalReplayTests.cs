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

    [Fact]
    public void ScreenAt_OutputWithoutTerminalStarted_ShownOnDefault80x24()
    {
        RecordedEvent[] events =
        [
            new(0, TimeSpan.Zero, new SessionStarted("s1", DateTimeOffset.UnixEpoch)),
            new(1, TimeSpan.FromSeconds(1), new TerminalOutput("$ python main.py\r\nhi\r\n")),
        ];

        Assert.Null(TerminalReplay.ScreenAt(events, TimeSpan.FromSeconds(0.5)));
        var screen = TerminalReplay.ScreenAt(events, TimeSpan.MaxValue)!.GetScreenText();
        Assert.Equal((TerminalReplay.DefaultColumns, TerminalReplay.DefaultRows), (screen.Columns, screen.Rows));
        Assert.Equal((80, 24), (screen.Columns, screen.Rows));
        Assert.Equal(new[] { "$ python main.py", "hi" }, screen.Lines.Take(2));
    }

    [Theory]
    [InlineData("resize")]
    [InlineData("input")]
    [InlineData("exit")]
    public void Apply_FirstTerminalEventNotAStart_CreatesDefaultScreen(string kind)
    {
        SessionEvent first = kind switch
        {
            "resize" => new TerminalResized(100, 30),
            "input" => new TerminalInput("ls\r"),
            _ => new TerminalExited(0),
        };

        var terminal = TerminalReplay.Apply(null, first)!;

        Assert.Equal(kind == "resize" ? (100, 30) : (80, 24), (terminal.Columns, terminal.Rows));
        Assert.Null(TerminalReplay.Apply(null, new Marker("not a terminal event")));
    }

    [Fact]
    public void Apply_TerminalStartedAfterOutput_StartsOver()
    {
        var terminal = TerminalReplay.Apply(null, new TerminalOutput("early"));

        terminal = TerminalReplay.Apply(terminal, new TerminalStarted(10, 3));

        Assert.Equal((10, 3), (terminal!.Columns, terminal.Rows));
        Assert.Equal(["", "", ""], terminal.GetScreenText().Lines);
    }
}
