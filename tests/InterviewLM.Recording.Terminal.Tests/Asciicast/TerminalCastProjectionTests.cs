using InterviewLM.Recording.TestUtils;

namespace InterviewLM.Recording.Terminal.Tests.Asciicast;

public sealed class TerminalCastProjectionTests
{
    private static readonly DateTimeOffset s_start = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    private static RecordedEvent[] Session() =>
    [
        new(0, TimeSpan.Zero, new SessionStarted("s", s_start)),
        new(1, TimeSpan.FromSeconds(1), new Marker("before terminal")),
        new(2, TimeSpan.FromSeconds(2), new TerminalStarted(100, 30, "bash", "xterm-256color")),
        new(3, TimeSpan.FromSeconds(2.5), new TerminalOutput("$ ")),
        new(4, TimeSpan.FromSeconds(3), new TerminalInput("ls\r")),
        new(5, TimeSpan.FromSeconds(3), new FileCreated("f", "a.txt", null)),
        new(6, TimeSpan.FromSeconds(3.25), new TerminalOutput("a.txt\r\n$ ")),
        new(7, TimeSpan.FromSeconds(4), new TerminalResized(120, 40)),
        new(8, TimeSpan.FromSeconds(4.5), new Marker("tests pass", "milestone")),
        new(9, TimeSpan.FromSeconds(5), new TerminalExited(0, null)),
        new(10, TimeSpan.FromSeconds(6), new SessionEnded("done")),
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(100)]
    public async Task UseTerminalCast_RecordedAndRebuilt_SameBytesAsExport(int blockSize)
    {
        var events = Session();
        using var exported = new MemoryStream();
        var count = AsciicastConverter.Export(events, exported);

        var (recorded, rebuilt) = await ProjectionHarness.RecordAndRebuildAsync(events, static b => b.UseTerminalCast(), static () => new TerminalCastProjection(), blockSize);

        Assert.True(count > 0);
        Assert.Equal([TerminalCastProjection.ObjectName], await ProjectionHarness.ProjectionNamesAsync(recorded));
        Assert.Equal(exported.ToArray(), recorded.GetContent(TerminalCastProjection.ObjectName));
        Assert.Equal(exported.ToArray(), rebuilt.GetContent(TerminalCastProjection.ObjectName));
    }

    [Fact]
    public async Task UseTerminalCast_Recorded_CastReadsBackAsTheTerminalChannel()
    {
        var (recorded, _) = await ProjectionHarness.RecordAndRebuildAsync(Session(), static b => b.UseTerminalCast(), static () => new TerminalCastProjection());

        using var reader = AsciicastReader.Open(new MemoryStream(recorded.GetContent(TerminalCastProjection.ObjectName)!));
        Assert.Equal((100, 30), (reader.Header.Columns, reader.Header.Rows));
        var read = reader.ReadEvents().ToList();

        // One clock: the header's timestamp is the session's start (unix seconds) and events keep their session times,
        // though the terminal started 2 s in.
        Assert.Equal(s_start, reader.Header.Timestamp);
        Assert.Equal(TimeSpan.FromSeconds(2.5), read.First(e => e.Code == "o").Time);
        Assert.Equal(TimeSpan.FromSeconds(1), read.First(e => e.Code == "m").Time);
        Assert.Equal("$ a.txt\r\n$ ", string.Concat(read.Where(e => e.Code == "o").Select(e => e.Data)));
        Assert.Contains(read, e => e.Code == "i" && e.Data == "ls\r");
        Assert.Contains(read, e => e.Code == "m" && e.Data == "tests pass");
    }

    [Fact]
    public async Task UseTerminalCast_NoTerminalEvents_WritesNoCast()
    {
        var (recorded, rebuilt) = await ProjectionHarness.RecordAndRebuildAsync(
            [new(0, TimeSpan.Zero, new SessionStarted("s", s_start)), new(1, TimeSpan.FromSeconds(1), new FileCreated("f", "a.txt", "x\n"))],
            static b => b.UseTerminalCast(),
            static () => new TerminalCastProjection());
        Assert.Null(recorded.GetContent(TerminalCastProjection.ObjectName));
        Assert.Null(rebuilt.GetContent(TerminalCastProjection.ObjectName));
    }

    [Fact]
    public async Task UseTerminalCast_Version3Options_SameBytesAsExport()
    {
        var options = new AsciicastExportOptions { Version = 3, IncludeInput = false, Title = "t" };
        using var exported = new MemoryStream();
        AsciicastConverter.Export(Session(), exported, options);

        var (recorded, rebuilt) = await ProjectionHarness.RecordAndRebuildAsync(Session(), b => b.UseTerminalCast(options), () => new TerminalCastProjection(options));

        Assert.Equal(exported.ToArray(), recorded.GetContent(TerminalCastProjection.ObjectName));
        Assert.Equal(exported.ToArray(), rebuilt.GetContent(TerminalCastProjection.ObjectName));
    }
}
