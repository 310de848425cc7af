using System.Text;
using InterviewLM.Recording.Cli.Commands;
using InterviewLM.Recording.Cli.Tests.Terminal;
using InterviewLM.Recording.Storage;
using InterviewLM.Recording.Terminal;
using InterviewLM.Recording.TestUtils;

namespace InterviewLM.Recording.Cli.Tests.Commands;

/// <summary>One clock (issue 15): <c>ilmrec screen SESSION --at T</c> equals <c>ilmrec screen EXPORTED.cast --at T</c>, for every corpus cast and for recorded sessions.</summary>
/// <remarks>
/// The bulk runs <see cref="ScreenCommand.RenderAsync"/> (what <c>screen</c> prints, in process); a few checks run the built
/// <c>ilmrec</c>. v2 casts keep microseconds, so they are compared at the events' own times and 1 µs either side; v3 casts
/// keep milliseconds (and the corpus casts' own times may be finer than the session's microseconds), so those are compared
/// at moments at least 1 ms from every event.
/// </remarks>
public sealed class ScreenAgreementTests : IDisposable
{
    private static readonly TimeSpan s_microsecond = TimeSpan.FromTicks(10);
    private static readonly TimeSpan s_millisecond = TimeSpan.FromMilliseconds(1);
    private readonly string _work = Directory.CreateTempSubdirectory("ilmrec-cli-clock-").FullName;

    public static TheoryData<string> CorpusCasts()
    {
        var data = new TheoryData<string>();
        foreach (var file in CorpusCastFiles())
        {
            data.Add(file);
        }

        return data;
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public void CorpusCasts_AllFound() => Assert.True(CorpusCastFiles().Count >= 18, $"{CorpusCastFiles().Count} casts in {RepoPaths.Corpus}");

    [Theory]
    [MemberData(nameof(CorpusCasts))]
    public async Task RenderAsync_ImportedCorpusCast_SessionAndItsExportsAgreeAt20Moments(string file)
    {
        var original = Path.Combine(RepoPaths.Corpus, "asciicasts", file);
        var session = Path.Combine(_work, "s");
        await ImportCastCommand.ImportAsync(new FileInfo(original), session, "jsonl-gz", CancellationToken.None);

        await AssertExportsAgreeAsync(session);

        // The import keeps the cast's clock: the original shows the same screens as the session.
        foreach (var at in Moments(await TerminalTimesAsync(session), s_millisecond))
        {
            Assert.Equal(await JsonAsync(session, at), await JsonAsync(original, at));
        }
    }

    [Fact]
    public async Task RenderAsync_DemoSessionWithLateTerminal_AgreesWithExportsTerminalCastAndPlayer()
    {
        var demo = await IlmrecProcess.RunAsync(_work, null, "demo", "--out", "d");
        Assert.True(demo.ExitCode == 0, demo.StandardError);
        var path = Path.Combine(_work, "d");
        var start = await TerminalStartAsync(path);
        Assert.True(start > TimeSpan.FromMilliseconds(100), $"the demo's terminal starts at {start}");

        await AssertExportsAgreeAsync(path);

        // Before the terminal starts, the session shows the blank screen it starts on, as its cast does from time 0.
        Assert.Equal(new VirtualTerminal(100, 30).GetScreenText().ToJson(), await JsonAsync(path, TimeSpan.Zero));
        Assert.Equal(new VirtualTerminal(100, 30).GetScreenText().ToJson(), await JsonAsync(path, start - s_microsecond));

        // play: its timeline is at session times, the same screens.
        var timeline = await TerminalTimeline.LoadAsync(path, CancellationToken.None);
        Assert.Equal(start, timeline.Events[0].Time);
        foreach (var at in Moments(await TerminalTimesAsync(path), TimeSpan.Zero).Where(t => t >= start && t != TimeSpan.MaxValue))
        {
            Assert.Equal(await JsonAsync(path, at), timeline.StateAt(at).Terminal!.GetScreenText().ToJson());
        }

        // Whole process: the same three screens from the session and from its export.
        var export = await IlmrecProcess.RunAsync(_work, null, "export", "d", "--format", "asciicast-v2", "--out", "d.cast");
        Assert.True(export.ExitCode == 0, export.StandardError);
        var terminalTimes = await TerminalTimesAsync(path);
        foreach (var at in new[] { "0", Seconds(MiddleOfLongestGap(terminalTimes)), "end" })
        {
            var fromSession = await IlmrecProcess.RunAsync(_work, null, "screen", "d", "--at", at, "--json");
            var fromCast = await IlmrecProcess.RunAsync(_work, null, "screen", "d.cast", "--at", at, "--json");
            Assert.True(fromSession.ExitCode == 0 && fromCast.ExitCode == 0, fromSession.StandardError + fromCast.StandardError);
            Assert.Equal(Encoding.UTF8.GetString(fromSession.StandardOutput), Encoding.UTF8.GetString(fromCast.StandardOutput));
        }
    }

    [Fact]
    public async Task RenderAsync_RecordedBashSession_AgreesWithExportsAndTerminalCast()
    {
        // Recorded through the pipeline by the built ilmrec: the terminal starts after the session does (the program is
        // spawned first), which is the shift the cast's old time base had.
        var script = "printf 'one\\n'; sleep 0.2; printf '\\033[2J\\033[Htwo\\n'; sleep 0.2; printf 'three żółć\\n'; exit 0\n";
        var record = await IlmrecProcess.RunAsync(_work, script, "record", "--out", "r", "--cols", "90", "--rows", "20", "--", "bash", "--norc", "--noprofile");
        Assert.True(record.ExitCode == 0, record.StandardError);
        var path = Path.Combine(_work, "r");
        Assert.True(await TerminalStartAsync(path) > TimeSpan.Zero, "the terminal starts after the session");

        await AssertExportsAgreeAsync(path);

        var times = await TerminalTimesAsync(path);
        var export = await IlmrecProcess.RunAsync(_work, null, "export", "r", "--format", "asciicast-v3", "--out", "r.cast");
        Assert.True(export.ExitCode == 0, export.StandardError);
        foreach (var at in new[] { Seconds(MiddleOfLongestGap(times)), "end" })
        {
            var fromSession = await IlmrecProcess.RunAsync(_work, null, "screen", "r", "--at", at, "--json");
            var fromCast = await IlmrecProcess.RunAsync(_work, null, "screen", "r.cast", "--at", at, "--json");
            Assert.True(fromSession.ExitCode == 0 && fromCast.ExitCode == 0, fromSession.StandardError + fromCast.StandardError);
            Assert.Equal(Encoding.UTF8.GetString(fromSession.StandardOutput), Encoding.UTF8.GetString(fromCast.StandardOutput));
        }
    }

    [Fact]
    public async Task Screen_QuickStartSession_ShowsTheOutputOn80x24()
    {
        // The README's quick start, as written (terminal output with no terminal_start), then the built ilmrec on it.
        var store = new DirectorySessionStore(Path.Combine(_work, "sessions"));
        await using (var recorder = await InterviewRecording.StartAsync(store, new() { SessionId = "sess_42" }))
        {
            recorder.Record(new FileCreated("f1", "main.py", "python"));
            recorder.Record(new TextEdited("f1", new[] { new TextChange(0, 0, "print('hi')\n") }));
            recorder.Record(new TerminalOutput("$ python main.py\r\nhi\r\n"));
            recorder.Record(new ClaudeInteraction("msg_1", "claude-sonnet-4-5", "Why hi?", "Tradition.", ClaudeUsage.None, TimeSpan.FromSeconds(1)));
        }

        var screen = await IlmrecProcess.RunAsync(_work, null, "screen", Path.Combine("sessions", "sess_42"), "--at", "end", "--json");

        Assert.True(screen.ExitCode == 0, screen.StandardError);
        var text = ScreenText.FromJson(Encoding.UTF8.GetString(screen.StandardOutput));
        Assert.Equal((80, 24, 0, 2), (text.Columns, text.Rows, text.CursorX, text.CursorY));
        Assert.Equal(new[] { "$ python main.py", "hi" }, text.Lines.Take(2));
        Assert.All(text.Lines.Skip(2), l => Assert.Equal(string.Empty, l));
        await AssertExportsAgreeAsync(Path.Combine(_work, "sessions", "sess_42"));
    }

    [Fact]
    public async Task RenderAsync_SessionWithoutTerminalEvents_SaysSo()
    {
        var store = new DirectorySessionStore(Path.Combine(_work, "sessions"));
        await using (var recorder = await InterviewRecording.StartAsync(store, new() { SessionId = "sess_code" }))
        {
            recorder.Record(new FileCreated("f1", "main.py", "python", "x\n"));
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ScreenCommand.RenderAsync(Path.Combine(_work, "sessions", "sess_code"), TimeSpan.MaxValue, CancellationToken.None));
        Assert.EndsWith("has no terminal events.", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Exports the session as v2 and v3 and checks both, and its <c>terminal.cast</c>, against the session at 20 moments each; and the cast's header timestamp.</summary>
    private async Task AssertExportsAgreeAsync(string sessionPath)
    {
        var session = await CliStore.OpenAsync(sessionPath, CancellationToken.None);
        var v2 = new FileInfo(Path.Combine(_work, Path.GetFileName(sessionPath) + ".export.v2.cast"));
        var v3 = new FileInfo(Path.Combine(_work, Path.GetFileName(sessionPath) + ".export.v3.cast"));
        await AsciicastExport.RunAsync(session, 2, v2, CancellationToken.None);
        await AsciicastExport.RunAsync(session, 3, v3, CancellationToken.None);
        var projected = Path.Combine(sessionPath, TerminalCastProjection.ObjectName);
        Assert.True(File.Exists(projected), "the session has its terminal.cast");

        // The header's timestamp is the session's start.
        DateTimeOffset? started = null;
        await foreach (var recorded in session.ReadEventsAsync())
        {
            started = ((SessionStarted)recorded.Event).StartedAt;
            break;
        }

        foreach (var cast in new[] { v2.FullName, v3.FullName, projected })
        {
            using var reader = AsciicastReader.Open(cast);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(started!.Value.ToUnixTimeSeconds()), reader.Header.Timestamp);
        }

        var times = await TerminalTimesAsync(sessionPath);
        var exact = Moments(times, TimeSpan.Zero);
        var apart = Moments(times, s_millisecond);
        foreach (var at in exact)
        {
            var expected = await JsonAsync(sessionPath, at);
            Assert.True(expected == await JsonAsync(v2.FullName, at), $"v2 export differs at {at}");
            Assert.True(expected == await JsonAsync(projected, at), $"terminal.cast differs at {at}");
        }

        foreach (var at in apart)
        {
            Assert.True(await JsonAsync(sessionPath, at) == await JsonAsync(v3.FullName, at), $"v3 export differs at {at}");
        }
    }

    private static List<string> CorpusCastFiles() =>
        Directory.EnumerateFiles(Path.Combine(RepoPaths.Corpus, "asciicasts"))
            .Where(f => f.EndsWith(".cast", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal))
            .Select(f => Path.GetFileName(f)!)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>The middle of the longest pause between terminal events: a moment no rounding moves an event across.</summary>
    private static TimeSpan MiddleOfLongestGap(List<TimeSpan> times)
    {
        var best = 1;
        for (var i = 2; i < times.Count; i++)
        {
            if (times[i] - times[i - 1] > times[best] - times[best - 1])
            {
                best = i;
            }
        }

        Assert.True(times.Count > 1 && times[best] - times[best - 1] > TimeSpan.FromMilliseconds(10), "the session has a pause between terminal events");
        return times[best - 1] + ((times[best] - times[best - 1]) / 2);
    }

    private static async Task<string> JsonAsync(string path, TimeSpan at) =>
        (await ScreenCommand.RenderAsync(path, at, CancellationToken.None)).GetScreenText().ToJson();

    private static async Task<List<TimeSpan>> TerminalTimesAsync(string sessionPath)
    {
        var session = await CliStore.OpenAsync(sessionPath, CancellationToken.None);
        var times = new List<TimeSpan>();
        await foreach (var recorded in session.ReadEventsAsync())
        {
            if (recorded.Event.Channel == EventChannel.Terminal)
            {
                times.Add(recorded.Time);
            }
        }

        Assert.NotEmpty(times);
        return times;
    }

    private static async Task<TimeSpan> TerminalStartAsync(string sessionPath)
    {
        var session = await CliStore.OpenAsync(sessionPath, CancellationToken.None);
        await foreach (var recorded in session.ReadEventsAsync())
        {
            if (recorded.Event is TerminalStarted)
            {
                return recorded.Time;
            }
        }

        throw new InvalidOperationException("no terminal_start");
    }

    /// <summary>20 moments spread over the session: its start, its end, and just before, at and just after events spread over it.</summary>
    /// <param name="times">The terminal events' times, in order.</param>
    /// <param name="apart">Zero for the events' own times and 1 µs either side; otherwise only moments at least this far from every event.</param>
    private static List<TimeSpan> Moments(List<TimeSpan> times, TimeSpan apart)
    {
        var distinct = times.Distinct().Order().ToArray();
        var candidates = new SortedSet<TimeSpan>();
        var step = apart == TimeSpan.Zero ? s_microsecond : apart;
        foreach (var t in distinct)
        {
            candidates.Add(t - step);
            candidates.Add(t + step);
            if (apart == TimeSpan.Zero)
            {
                candidates.Add(t);
            }
        }

        for (var i = 1; i < distinct.Length; i++)
        {
            candidates.Add(distinct[i - 1] + ((distinct[i] - distinct[i - 1]) / 2));
        }

        var usable = candidates.Where(t => t >= TimeSpan.Zero && (apart == TimeSpan.Zero || Distance(distinct, t) >= apart)).ToArray();
        var moments = new List<TimeSpan> { TimeSpan.Zero, TimeSpan.MaxValue };
        if (apart != TimeSpan.Zero && Distance(distinct, TimeSpan.Zero) < apart)
        {
            moments[0] = usable.Length > 0 ? usable[0] : TimeSpan.MaxValue;
        }

        for (var i = 0; moments.Count < 20; i++)
        {
            // Evenly over the usable moments (repeating when a short cast has fewer than 18).
            moments.Add(usable.Length == 0 ? TimeSpan.MaxValue : usable[(int)((long)i * (usable.Length - 1) / 17) % usable.Length]);
        }

        return moments;
    }

    private static TimeSpan Distance(TimeSpan[] sorted, TimeSpan t)
    {
        var index = Array.BinarySearch(sorted, t);
        if (index >= 0)
        {
            return TimeSpan.Zero;
        }

        index = ~index;
        var before = index > 0 ? t - sorted[index - 1] : TimeSpan.MaxValue;
        var after = index < sorted.Length ? sorted[index] - t : TimeSpan.MaxValue;
        return before < after ? before : after;
    }

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture);
}
