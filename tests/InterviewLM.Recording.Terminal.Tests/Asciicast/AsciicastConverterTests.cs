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
    public void Export_SessionEvents_WritesTerminalChannelAtSessionTimes(int version)
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
        // Session time T is cast time T: the header's timestamp is the session's start, not the terminal's (2 s later).
        List<AsciicastEvent> expected =
        [
            new(TimeSpan.FromSeconds(1), "m", "before terminal"),
            new(TimeSpan.FromSeconds(2.5), "o", "$ "),
            new(TimeSpan.FromSeconds(3), "i", "ls\r"),
            new(TimeSpan.FromSeconds(4), "r", "120x40"),
        ];
        if (version == 3)
        {
            expected.Add(new(TimeSpan.FromSeconds(5), "x", "137"));
        }

        Assert.Equal(expected, read);
        Assert.Equal(expected.Count, count);
        Assert.Equal((version, 100, 30, "bash", start), (reader.Header.Version, reader.Header.Columns, reader.Header.Rows, reader.Header.Command, reader.Header.Timestamp));
        Assert.Equal("xterm-256color", version == 3 ? reader.Header.TermType : reader.Header.Env!["TERM"]);
    }

    [Fact]
    public void Export_OutputWithoutTerminalStarted_Default80x24FromSessionStart()
    {
        var start = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        RecordedEvent[] events =
        [
            new(0, TimeSpan.Zero, new SessionStarted("s", start)),
            new(1, TimeSpan.FromSeconds(1.5), new TerminalOutput("$ python main.py\r\nhi\r\n")),
        ];
        using var stream = new MemoryStream();

        AsciicastConverter.Export(events, stream);

        stream.Position = 0;
        using var reader = AsciicastReader.Open(stream);
        Assert.Equal((80, 24, start), (reader.Header.Columns, reader.Header.Rows, reader.Header.Timestamp));
        Assert.Equal(new[] { new AsciicastEvent(TimeSpan.FromSeconds(1.5), "o", "$ python main.py\r\nhi\r\n") }, reader.ReadEvents().ToList());
    }

    [Fact]
    public void Export_SecondTerminalStarted_ResizesAndResetsAsTheFoldStartsOver()
    {
        RecordedEvent[] events =
        [
            new(0, TimeSpan.Zero, new SessionStarted("s", DateTimeOffset.UnixEpoch)),
            new(1, TimeSpan.FromSeconds(1), new TerminalOutput("before any start")),
            new(2, TimeSpan.FromSeconds(2), new TerminalStarted(100, 30)),
            new(3, TimeSpan.FromSeconds(3), new TerminalOutput("first\r\n\u001b[?1049h")),
            new(4, TimeSpan.FromSeconds(4), new TerminalStarted(100, 30)),
            new(5, TimeSpan.FromSeconds(5), new TerminalOutput("second")),
        ];
        using var stream = new MemoryStream();

        AsciicastConverter.Export(events, stream);

        stream.Position = 0;
        using var reader = AsciicastReader.Open(stream);
        Assert.Equal((80, 24), (reader.Header.Columns, reader.Header.Rows));
        Assert.Equal(
            new[]
            {
                new AsciicastEvent(TimeSpan.FromSeconds(1), "o", "before any start"),
                new AsciicastEvent(TimeSpan.FromSeconds(2), "r", "100x30"),
                new AsciicastEvent(TimeSpan.FromSeconds(2), "o", "\u001bc"),
                new AsciicastEvent(TimeSpan.FromSeconds(3), "o", "first\r\n\u001b[?1049h"),
                new AsciicastEvent(TimeSpan.FromSeconds(4), "o", "\u001bc"),
                new AsciicastEvent(TimeSpan.FromSeconds(5), "o", "second"),
            },
            reader.ReadEvents().ToList());
    }

    [Property(MaxTest = 200)]
    public bool Export_RandomTerminalSession_CastScreenIsTheFoldsAtEveryMoment(byte[] ops, ushort[] gaps, bool v3)
    {
        // Any mix of starts (first, late, repeated or none), output, resizes, input and exits: the cast, read back as a
        // player reads it (its header's screen, then output and resizes), shows at every moment the screen the session's
        // fold shows; before the session's first terminal event, the blank screen the terminal starts on.
        string[] texts = ["hello", "\r\n", "\u001b[2J\u001b[H", "\u001b[?1049h", "\u001b[?1049l", "wide 中文 ", "\u001b[31mred\u001b[0m", "x\r\n\r\n\r\n"];
        var session = new List<RecordedEvent> { new(0, TimeSpan.Zero, new SessionStarted("s", DateTimeOffset.UnixEpoch)) };
        var time = TimeSpan.Zero;
        for (var i = 0; i < ops.Length; i++)
        {
            time += TimeSpan.FromMilliseconds(gaps.Length == 0 ? 0 : gaps[i % gaps.Length] % 2000);
            SessionEvent e = (ops[i] % 8) switch
            {
                0 => new TerminalStarted(2 + (ops[i] % 90), 1 + (ops[i] % 40)),
                1 => new TerminalResized(2 + (ops[i] % 70), 1 + (ops[i] % 30)),
                2 => new TerminalInput("ls\r"),
                3 => new TerminalExited(ops[i] % 3),
                4 => new Marker("m"),
                _ => new TerminalOutput(texts[ops[i] % texts.Length]),
            };
            session.Add(new RecordedEvent(i + 1, time, e));
        }

        using var stream = new MemoryStream();
        AsciicastConverter.Export(session, stream, new AsciicastExportOptions { Version = v3 ? 3 : 2 });
        stream.Position = 0;
        using var reader = AsciicastReader.Open(stream);
        var cast = AsciicastConverter.ToSessionEvents(reader.Header, reader.ReadEvents()).Select((e, i) => new RecordedEvent(i, e.Time, e.Event)).ToList();
        var first = session.FirstOrDefault(e => e.Event.Channel == EventChannel.Terminal);

        // Whole milliseconds, so v3's millisecond intervals are exact too; just before, at and just after every event.
        foreach (var at in session.SelectMany(e => new[] { e.Time - TimeSpan.FromTicks(10), e.Time, e.Time + TimeSpan.FromTicks(10) }).Where(t => t >= TimeSpan.Zero).Append(TimeSpan.MaxValue))
        {
            var folded = TerminalReplay.ScreenAt(session, at) ?? (first is null ? null : TerminalReplay.CreateScreen(first.Event as TerminalStarted));
            var played = TerminalReplay.ScreenAt(cast, at);
            if (folded is null)
            {
                // No terminal at all: the cast is the empty default.
                if (played!.GetScreenText().ToJson() != TerminalReplay.CreateScreen(null).GetScreenText().ToJson())
                {
                    return false;
                }
            }
            else if (played is null || folded.GetScreenText().ToJson() != played.GetScreenText().ToJson())
            {
                return false;
            }
        }

        return true;
    }

    [Theory]
    [InlineData("3/full.cast")]
    [InlineData("2/full.cast")]
    [InlineData("1/full.json")]
    public async Task ImportAsyncThenExport_RecorderStartedAtTheCastsTimestamp_SameTimesAndTimestamp(string fixture)
    {
        using var original = AsciicastReader.Open(TestPaths.Fixture(fixture));
        var clock = new FakeTimeProvider(original.Header.Timestamp ?? DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        var sink = new InMemoryEventSink();
        await using (var recorder = SessionRecorder.Start(sink, new SessionRecorderOptions { TimeProvider = clock }))
        {
            using var reader = AsciicastReader.Open(TestPaths.Fixture(fixture));
            await AsciicastConverter.ImportAsync(reader, recorder);
        }

        using var exported = new MemoryStream();
        AsciicastConverter.Export(sink.Events, exported, new AsciicastExportOptions { Version = 2 }); // microseconds, as the fixtures
        exported.Position = 0;
        using var back = AsciicastReader.Open(exported);

        Assert.Equal(clock.Start, back.Header.Timestamp);
        var expected = original.ReadEvents().Where(e => e.Code is "o" or "i" or "r" or "m").ToList(); // v2 has no exit event
        Assert.Equal(expected.Select(e => e.Time), back.ReadEvents().Select(e => e.Time));
    }

    [Fact]
    public async Task ImportAsync_AfterOtherEvents_StartsAtTheRecordersTime()
    {
        var clock = new FakeTimeProvider();
        var sink = new InMemoryEventSink();
        await using (var recorder = SessionRecorder.Start(sink, new SessionRecorderOptions { TimeProvider = clock }))
        {
            clock.Advance(TimeSpan.FromSeconds(10));
            recorder.Record(new Marker("before the cast"));
            using var reader = AsciicastReader.Open(TestPaths.Fixture("3/full.cast"));
            await AsciicastConverter.ImportAsync(reader, recorder);
        }

        Assert.Equal(TimeSpan.FromSeconds(10), sink.Events.Single(e => e.Event is TerminalStarted).Time);
        Assert.Equal(TimeSpan.FromSeconds(10 + 1.234567), sink.Events.First(e => e.Event is TerminalOutput).Time);
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
