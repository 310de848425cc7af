using FsCheck.Xunit;
using Microsoft.Extensions.Time.Testing;

namespace InterviewLM.Recording.Terminal.Tests;

public sealed class AsciicastConverterTests
{
    [Fact]
    public async Task ImportAsync_FullV3Fixture_RecordsTerminalEventsAtCastTimes()
    {
        var sink = new InMemoryEventSink();
        await using (var recorder = SessionRecorder.Start(sink, new SessionRecorderOptions { TimeProvider = new FakeTimeProvider() }))
        {
            using var reader = AsciicastReader.Open(TestPaths.Fixture("3/full.cast"));
            var count = await AsciicastConverter.ImportAsync(reader, recorder);
            Assert.Equal(6, count);
        }

        var events = sink.Events.Select(e => (e.Time, e.Event)).ToList();

        Assert.IsType<SessionStarted>(events[0].Event);
        Assert.Equal((TimeSpan.Zero, new TerminalStarted(96, 26, "/bin/bash -l", "xterm-ghostty")), (events[1].Time, (TerminalStarted)events[1].Event));
        Assert.Equal(new TerminalOutput("foo bar"), events[2].Event);
        Assert.Equal(TimeSpan.FromSeconds(1.234567), events[2].Time);
        Assert.Equal(new TerminalInput("\r"), events[3].Event);
        Assert.Equal(new TerminalResized(80, 24), events[5].Event);
        Assert.Equal(TimeSpan.FromSeconds(1.234567 + 1.0 + 4.678987 + 1.0), events[5].Time);
        Assert.Equal(new TerminalOutput("żółć jaźń"), events[6].Event);
        Assert.IsType<SessionEnded>(events[^1].Event);
    }

    [Fact]
    public void ToSessionEvents_MarkersAndExit_Converted()
    {
        using var markers = AsciicastReader.Open(Path.Combine(TestPaths.Asciicasts, "player-markers-input.v2.cast"));
        using var resizing = AsciicastReader.Open(Path.Combine(TestPaths.Asciicasts, "player-resizing.v3.cast"));

        var markerEvents = AsciicastConverter.ToSessionEvents(markers.Header, markers.ReadEvents()).Select(e => e.Event).ToList();
        var resizeEvents = AsciicastConverter.ToSessionEvents(resizing.Header, resizing.ReadEvents()).Select(e => e.Event).ToList();

        Assert.Equal([new Marker("first", "asciicast"), new Marker("second", "asciicast")], markerEvents.OfType<Marker>());
        Assert.Equal([new TerminalResized(100, 30), new TerminalResized(50, 10)], resizeEvents.OfType<TerminalResized>());
        Assert.Equal(new TerminalExited(0), resizeEvents[^1]);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Export_SessionEvents_WritesTerminalChannelFromTerminalStart(int version)
    {
        var start = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        RecordedEvent[] events =
        [
            new(0, TimeSpan.Zero, new SessionStarted("s", start)),
            new(1, TimeSpan.FromSeconds(1), new Marker("before terminal")),
            new(2, TimeSpan.FromSeconds(2), new TerminalStarted(100, 30, "bash", "xterm-256color")),
            new(3, TimeSpan.FromSeconds(2.5), new TerminalOutput("$ ")),
            new(4, TimeSpan.FromSeconds(3), new TerminalInput("ls\r")),
            new(5, TimeSpan.FromSeconds(3), new FileCreated("f", "a.txt", null)),
            new(6, TimeSpan.FromSeconds(4), new TerminalResized(120, 40)),
            new(7, TimeSpan.FromSeconds(5), new TerminalExited(null, 9)),
            new(8, TimeSpan.FromSeconds(6), new SessionEnded("done")),
        ];
        using var stream = new MemoryStream();

        var count = AsciicastConverter.Export(events, stream, new AsciicastExportOptions { Version = version });

        stream.Position = 0;
        using var reader = AsciicastReader.Open(stream);
        var read = reader.ReadEvents().ToList();
        List<AsciicastEvent> expected =
        [
            new(TimeSpan.Zero, "m", "before terminal"),
            new(TimeSpan.FromSeconds(0.5), "o", "$ "),
            new(TimeSpan.FromSeconds(1), "i", "ls\r"),
            new(TimeSpan.FromSeconds(2), "r", "120x40"),
        ];
        if (version == 3)
        {
            expected.Add(new(TimeSpan.FromSeconds(3), "x", "137"));
        }

        Assert.Equal(expected, read);
        Assert.Equal(expected.Count, count);
        Assert.Equal((version, 100, 30, "bash", start.AddSeconds(2)), (reader.Header.Version, reader.Header.Columns, reader.Header.Rows, reader.Header.Command, reader.Header.Timestamp));
        Assert.Equal("xterm-256color", version == 3 ? reader.Header.TermType : reader.Header.Env!["TERM"]);
    }

    [Fact]
    public async Task ExportAsync_NoTerminalEvents_WritesEmptyDefaultCast()
    {
        using var stream = new MemoryStream();

        var count = await AsciicastConverter.ExportAsync(AsyncEvents([new(0, TimeSpan.Zero, new SessionStarted("s", DateTimeOffset.UnixEpoch))]), stream);

        stream.Position = 0;
        using var reader = AsciicastReader.Open(stream);
        Assert.Equal(0, count);
        Assert.Equal((80, 24), (reader.Header.Columns, reader.Header.Rows));
        Assert.Empty(reader.ReadEvents());
    }

    [Property(MaxTest = 100)]
    public bool ExportThenImport_TerminalEvents_RoundTrip(string?[] data, ushort[] gaps, bool v3)
    {
        var session = new List<RecordedEvent> { new(0, TimeSpan.Zero, new TerminalStarted(80, 24)) };
        var time = TimeSpan.Zero;
        for (var i = 0; i < data.Length; i++)
        {
            time += TimeSpan.FromMilliseconds(gaps.Length == 0 ? 1 : gaps[i % gaps.Length]);
            var text = AsciicastWriterTests.ValidText(data[i]);
            SessionEvent e = (i % 4) switch
            {
                0 => new TerminalOutput(text),
                1 => new TerminalInput(text),
                2 => new TerminalResized(1 + (i % 300), 1 + (i % 100)),
                _ => new Marker(string.IsNullOrWhiteSpace(text) ? AsciicastConverter.UnnamedMarkerLabel : text, AsciicastConverter.MarkerCategory),
            };
            session.Add(new RecordedEvent(i + 1, time, e));
        }

        using var stream = new MemoryStream();
        AsciicastConverter.Export(session, stream, new AsciicastExportOptions { Version = v3 ? 3 : 2 });
        stream.Position = 0;
        using var reader = AsciicastReader.Open(stream);
        var back = AsciicastConverter.ToSessionEvents(reader.Header, reader.ReadEvents()).ToList();

        return back.Count == session.Count
            && back.Zip(session).All(p => p.First.Event == p.Second.Event && p.First.Time == p.Second.Time);
    }

    private static async IAsyncEnumerable<RecordedEvent> AsyncEvents(IEnumerable<RecordedEvent> events)
    {
        foreach (var e in events)
        {
            await Task.Yield();
            yield return e;
        }
    }
}
