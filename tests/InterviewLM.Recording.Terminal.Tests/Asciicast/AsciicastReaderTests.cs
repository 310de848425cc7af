using System.Text;

namespace InterviewLM.Recording.Terminal.Tests;

public sealed class AsciicastReaderTests
{
    public static TheoryData<string> CorpusFiles() => [.. TestPaths.CorpusCasts().Select(f => Path.GetFileName(f))];

    [Theory]
    [InlineData("1/full.json", 1, 96, 26, 3)]
    [InlineData("1/minimal.json", 1, 96, 26, 3)]
    [InlineData("1/screenshot.json", 1, 96, 26, 3)]
    [InlineData("1/single-event.json", 1, 96, 26, 1)]
    [InlineData("2/full.cast", 2, 96, 26, 5)]
    [InlineData("2/minimal.cast", 2, 96, 26, 3)]
    [InlineData("2/single-event.cast", 2, 96, 26, 1)]
    [InlineData("2/no-events.cast", 2, 96, 26, 0)]
    [InlineData("2/int-time.cast", 2, 96, 26, 2)]
    [InlineData("2/zero-time.cast", 2, 96, 26, 1)]
    [InlineData("2/blank-lines.cast", 2, 96, 26, 3)]
    [InlineData("2/invalid-resize.cast", 2, 80, 24, 3)]
    [InlineData("2/invalid-theme.cast", 2, 96, 26, 3)]
    [InlineData("3/full.cast", 3, 96, 26, 5)]
    [InlineData("3/minimal.cast", 3, 96, 26, 3)]
    [InlineData("3/single-event.cast", 3, 96, 26, 1)]
    [InlineData("3/no-events.cast", 3, 96, 26, 0)]
    [InlineData("3/int-time.cast", 3, 96, 26, 2)]
    [InlineData("3/blank-lines-and-comments.cast", 3, 96, 26, 4)]
    [InlineData("3/invalid-resize.cast", 3, 80, 24, 3)]
    public void Open_ValidFixture_ReadsHeaderAndEvents(string fixture, int version, int columns, int rows, int eventCount)
    {
        using var reader = AsciicastReader.Open(TestPaths.Fixture(fixture));
        var events = reader.ReadEvents().ToList();

        Assert.Equal(version, reader.Header.Version);
        Assert.Equal(columns, reader.Header.Columns);
        Assert.Equal(rows, reader.Header.Rows);
        Assert.Equal(eventCount, events.Count);
        Assert.All(events, e => Assert.True(e.Time >= TimeSpan.Zero));
    }

    [Theory]
    [InlineData("1/invalid-data.json", 8)]
    [InlineData("1/invalid-time-1.json", 8)]
    [InlineData("1/invalid-time-2.json", 8)]
    [InlineData("1/wrong-event-length.json", 8)]
    [InlineData("1/invalid.json", 1)]
    [InlineData("5/asciicast.json", 2)]
    [InlineData("2/broken.cast", 3)]
    [InlineData("2/empty-theme.cast", 1)]
    [InlineData("2/invalid-code.cast", 3)]
    [InlineData("2/invalid-data.cast", 3)]
    [InlineData("2/invalid-time-1.cast", 3)]
    [InlineData("2/invalid-time-2.cast", 3)]
    [InlineData("2/wrong-event-length.cast", 3)]
    [InlineData("3/broken.cast", 3)]
    [InlineData("3/empty-theme.cast", 1)]
    [InlineData("3/invalid-code.cast", 3)]
    [InlineData("3/invalid-data.cast", 3)]
    [InlineData("3/invalid-time-1.cast", 3)]
    [InlineData("3/invalid-time-2.cast", 3)]
    [InlineData("3/wrong-event-length.cast", 3)]
    public void ReadEvents_InvalidFixture_ThrowsWithFirstBadLine(string fixture, long expectedLine)
    {
        var ex = Assert.Throws<AsciicastFormatException>(() =>
        {
            using var reader = AsciicastReader.Open(TestPaths.Fixture(fixture));
            _ = reader.ReadEvents().ToList();
        });

        Assert.Equal(expectedLine, ex.LineNumber);
        Assert.Contains($"Line {expectedLine}:", ex.Message);
    }

    [Fact]
    public void ReadEvents_AllFixtures_EveryFileClassified()
    {
        // Guards the two theories above: a new fixture must be added to one of them.
        var classified = Open_ValidFixture_Cases().Concat(Invalid_Cases()).ToHashSet(StringComparer.Ordinal);
        var root = TestPaths.Fixture(string.Empty);
        var all = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .ToList();

        Assert.NotEmpty(all);
        Assert.All(all, f => Assert.Contains(f, classified));
    }

    [Fact]
    public void ReadEvents_V3BlankLinesAndComments_AccumulatesIntervals()
    {
        using var reader = AsciicastReader.Open(TestPaths.Fixture("3/blank-lines-and-comments.cast"));
        var times = reader.ReadEvents().Select(e => e.Time).ToList();

        Assert.Equal([Seconds(1.234567), Seconds(5.678987), Seconds(8.481455), Seconds(9.481455)], times);
    }

    [Fact]
    public void ReadEvents_V3Full_ReadsTermAndTheme()
    {
        using var reader = AsciicastReader.Open(TestPaths.Fixture("3/full.cast"));
        var header = reader.Header;

        Assert.Equal("xterm-ghostty", header.TermType);
        Assert.Equal("ghostty 1.1.3-889478f-nix", header.TermVersion);
        Assert.Equal("#aaaaaa", header.Theme!.Foreground);
        Assert.Equal(TimeSpan.FromSeconds(2.5), header.IdleTimeLimit);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1744302022), header.Timestamp);
        Assert.Equal("/usr/bin/fish", header.Env!["SHELL"]);
        Assert.Equal("/bin/bash -l", header.Command);
    }

    [Theory]
    [InlineData("3/full.cast", new[] { 1.234567, 2.234567, 4.734567, 5.734567, 8.191356 })]
    [InlineData("2/full.cast", new[] { 1.234567, 2.0, 2.34567, 4.84567, 7.34567 })]
    public void LimitIdleTime_FullFixture_MatchesServerExpectations(string fixture, double[] expected)
    {
        using var reader = AsciicastReader.Open(TestPaths.Fixture(fixture));
        var times = AsciicastConverter.LimitIdleTime(reader.ReadEvents(), reader.Header.IdleTimeLimit!.Value).Select(e => e.Time).ToList();

        Assert.Equal(expected.Select(Seconds), times);
    }

    [Theory]
    [InlineData("2/invalid-resize.cast", new[] { 1.234, 3.0 })]
    // The server drops the bad resize *with its interval* (1.734); the v3 spec makes an interval relative to the previous
    // line's event whatever it is, so the output after it is at 1.234 + 1.0 + 0.5.
    [InlineData("3/invalid-resize.cast", new[] { 1.234, 2.734 })]
    public void ToSessionEvents_InvalidResize_DropsResizeKeepsOthers(string fixture, double[] expectedOutputTimes)
    {
        using var reader = AsciicastReader.Open(TestPaths.Fixture(fixture));
        var events = AsciicastConverter.ToSessionEvents(reader.Header, reader.ReadEvents()).ToList();

        Assert.IsType<TerminalStarted>(events[0].Event);
        Assert.DoesNotContain(events, e => e.Event is TerminalResized);
        Assert.Equal(expectedOutputTimes.Select(Seconds), events.Where(e => e.Event is TerminalOutput).Select(e => e.Time));
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public async Task ReadEventsAsync_CorpusCast_ReadsEveryEventInOrder(string file)
    {
        var path = Path.Combine(TestPaths.Asciicasts, file);
        await using var reader = await AsciicastReader.OpenAsync(File.OpenRead(path));
        var events = new List<AsciicastEvent>();
        await foreach (var e in reader.ReadEventsAsync())
        {
            events.Add(e);
        }

        using var syncReader = AsciicastReader.Open(path);
        var syncEvents = syncReader.ReadEvents().ToList();

        Assert.Equal(syncEvents, events);
        Assert.True(reader.Header.Columns > 0 && reader.Header.Rows > 0);
        Assert.NotEmpty(events);
        Assert.All(events, e => Assert.Contains(e.Code, new[] { "o", "i", "r", "m", "x" }));
        if (reader.Header.Version != 2)
        {
            // v1 and v3 times are accumulated, so they can never go backwards.
            Assert.True(events.Zip(events.Skip(1)).All(p => p.First.Time <= p.Second.Time));
        }
    }

    [Fact]
    public void ReadEvents_WelcomeV1AndV2_SameOutput()
    {
        // The same session stored by the server in both formats (v2 adds one resize event).
        using var v1 = AsciicastReader.Open(Path.Combine(TestPaths.Asciicasts, "server-welcome.v1.json"));
        using var v2 = AsciicastReader.Open(Path.Combine(TestPaths.Asciicasts, "server-welcome.v2.cast"));
        var v1Output = string.Concat(v1.ReadEvents().Select(e => e.Data));
        var v2Output = string.Concat(v2.ReadEvents().Where(e => e.Code == "o").Select(e => e.Data));

        Assert.Equal(v2Output, v1Output);
        Assert.Contains("\U0001F37A", v2Output);
    }

    [Fact]
    public void ReadEvents_ServerWelcomeV2_ResizeEventParsed()
    {
        using var reader = AsciicastReader.Open(Path.Combine(TestPaths.Asciicasts, "server-welcome.v2.cast"));
        var resize = Assert.Single(reader.ReadEvents(), e => e.Code == "r");

        Assert.True(resize.TryGetSize(out var columns, out var rows));
        Assert.Equal((81, 20), (columns, rows));
    }

    [Theory]
    [InlineData("", 1)]
    [InlineData("# comment first\n", 1)]
    [InlineData("[1, \"o\", \"x\"]\n", 1)]
    [InlineData("{\"version\": 2, \"height\": 24}\n", 1)]
    [InlineData("{\"version\": 2, \"width\": 0, \"height\": 24}\n", 1)]
    [InlineData("{\"version\": 3, \"term\": {\"cols\": 80}}\n", 1)]
    [InlineData("{\"version\": 2, \"width\": 80, \"height\": 24}\n[1, \"o\", \"a\"]\n# v2 has no comments\n", 3)]
    [InlineData("{\"version\": 2, \"width\": 80, \"height\": 24}\n[1, \"o\", \"a\"] x\n", 2)]
    [InlineData("{\"version\": 2, \"width\": 80, \"height\": 24}\n\n\n[1, \"\", \"a\"]\n", 4)]
    [InlineData("{\"version\": 2, \"width\": 80, \"height\": 24}\r\n[1, \"o\", \"a\"]\r\n[2, \"o\", \"\\ud800\"]\r\n", 3)]
    [InlineData("{\"version\": 3, \"term\": {\"cols\": 80, \"rows\": 24}}\n[1, \"o\"]\n", 2)]
    [InlineData("{\n  \"version\": 1,\n  \"width\": 80,\n  \"height\": 24,\n  \"stdout\": [\n    [1, \"a\"],\n    [1, \"b\"\n  ]\n}\n", 9)]
    public void Open_MalformedText_ThrowsWithLine(string text, long expectedLine)
    {
        var ex = Assert.Throws<AsciicastFormatException>(() =>
        {
            using var reader = AsciicastReader.Open(new MemoryStream(Encoding.UTF8.GetBytes(text)));
            _ = reader.ReadEvents().ToList();
        });

        Assert.Equal(expectedLine, ex.LineNumber);
    }

    [Fact]
    public void ReadEvents_InvalidUtf8_ThrowsWithLine()
    {
        byte[] bytes = [.. "{\"version\": 2, \"width\": 80, \"height\": 24}\n[1, \"o\", \""u8, 0xC3, 0x28, .. "\"]\n"u8];

        var ex = Assert.Throws<AsciicastFormatException>(() =>
        {
            using var reader = AsciicastReader.Open(new MemoryStream(bytes));
            _ = reader.ReadEvents().ToList();
        });

        Assert.Equal(2, ex.LineNumber);
    }

    [Fact]
    public void ReadEvents_LongLineAcrossBufferBoundary_ReadsWhole()
    {
        var data = new string('x', 200_000) + "é";
        var text = "{\"version\": 2, \"width\": 80, \"height\": 24}\n[0.5, \"o\", \"" + data + "\"]\n[1, \"o\", \"end\"]";
        using var reader = AsciicastReader.Open(new MemoryStream(Encoding.UTF8.GetBytes(text)));

        var events = reader.ReadEvents().ToList();

        Assert.Equal([new AsciicastEvent(TimeSpan.FromSeconds(0.5), "o", data), new AsciicastEvent(TimeSpan.FromSeconds(1), "o", "end")], events);
    }

    private static TimeSpan Seconds(double seconds) => new((long)Math.Round(seconds * TimeSpan.TicksPerSecond));

    private static IEnumerable<string> Open_ValidFixture_Cases() =>
    [
        "1/full.json", "1/minimal.json", "1/screenshot.json", "1/single-event.json",
        "2/full.cast", "2/minimal.cast", "2/single-event.cast", "2/no-events.cast", "2/int-time.cast", "2/zero-time.cast",
        "2/blank-lines.cast", "2/invalid-resize.cast", "2/invalid-theme.cast",
        "3/full.cast", "3/minimal.cast", "3/single-event.cast", "3/no-events.cast", "3/int-time.cast",
        "3/blank-lines-and-comments.cast", "3/invalid-resize.cast",
    ];

    private static IEnumerable<string> Invalid_Cases() =>
    [
        "1/invalid-data.json", "1/invalid-time-1.json", "1/invalid-time-2.json", "1/wrong-event-length.json", "1/invalid.json",
        "5/asciicast.json",
        "2/broken.cast", "2/empty-theme.cast", "2/invalid-code.cast", "2/invalid-data.cast", "2/invalid-time-1.cast",
        "2/invalid-time-2.cast", "2/wrong-event-length.cast",
        "3/broken.cast", "3/empty-theme.cast", "3/invalid-code.cast", "3/invalid-data.cast", "3/invalid-time-1.cast",
        "3/invalid-time-2.cast", "3/wrong-event-length.cast",
    ];
}
