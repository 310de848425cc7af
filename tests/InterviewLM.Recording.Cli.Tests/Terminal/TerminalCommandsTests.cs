using System.Text;
using InterviewLM.Recording.Terminal;

namespace InterviewLM.Recording.Cli.Tests.Terminal;

/// <summary>The terminal commands end to end: <c>record</c>, <c>import-cast</c>, <c>export --format asciicast-v2|v3</c>, <c>play</c>.</summary>
public sealed class TerminalCommandsTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ilmrec-cli-terminal-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task Record_HeadlessBashScript_StoresSessionAndExportsCastsAsciinemaAccepts()
    {
        var script = "printf '\\033[31mred\\033[0m żółć\\n'; ls --color=always /; stty size; exit 3\n";

        var record = await IlmrecProcess.RunAsync(_dir.FullName, script, "record", "--out", "s", "--cols", "100", "--rows", "30", "--", "bash", "--norc", "--noprofile");

        Assert.True(record.ExitCode == 3, record.StandardError);
        var shown = Encoding.UTF8.GetString(record.StandardOutput);
        Assert.Contains("\u001b[31mred\u001b[0m żółć", shown);
        Assert.Contains("30 100", shown);

        var v2 = await IlmrecProcess.RunAsync(_dir.FullName, null, "export", "s", "--format", "asciicast-v2", "--out", "s.v2.cast");
        var v3 = await IlmrecProcess.RunAsync(_dir.FullName, null, "export", "s", "--format", "asciicast-v3", "--out", "s.v3.cast");
        Assert.True(v2.ExitCode == 0 && v3.ExitCode == 0, v2.StandardError + v3.StandardError);

        using var reader = AsciicastReader.Open(Path.Combine(_dir.FullName, "s.v3.cast"));
        var events = reader.ReadEvents().ToList();
        Assert.Equal((3, 100, 30), (reader.Header.Version, reader.Header.Columns, reader.Header.Rows));
        Assert.Equal(new AsciicastEvent(events[^1].Time, "x", "3"), events[^1]);
        Assert.Contains(events, e => e.Code == "i" && e.Data == script);

        // What ilmrec showed while recording is exactly what was stored, and asciinema agrees byte for byte.
        var castOutput = string.Concat(events.Where(e => e.Code == "o").Select(e => e.Data));
        Assert.Equal(shown, castOutput);
        var play = await IlmrecProcess.RunToolAsync("setsid", _dir.FullName, "-w", "asciinema", "play", "-s", "1000", "-i", "0.001", "s.v2.cast");
        Assert.True(play.ExitCode == 0, play.Error);
        var cat = await IlmrecProcess.RunToolAsync("script", _dir.FullName, "-q", "-e", "-c", "asciinema cat s.v2.cast > cat.bin 2> cat.err", "/dev/null");
        Assert.Equal(0, cat.ExitCode);
        Assert.Equal(record.StandardOutput, await File.ReadAllBytesAsync(Path.Combine(_dir.FullName, "cat.bin")));
    }

    [Fact]
    public async Task Record_InteractiveUnderPty_FollowsHostSizeForwardsResizeAndRestoresTerminal()
    {
        // script(1) gives ilmrec a real terminal: raw mode is entered, the host's size is used, a resize of the host terminal
        // (made by a background stty) reaches the recorded program, and the terminal settings are restored afterwards.
        var ilmrec = Path.Combine(AppContext.BaseDirectory, "ilmrec.dll");
        // The resize waits until the recording has flushed its first block (metadata.json exists), so a slow start under load
        // cannot make the host resize land before ilmrec reads the host's size.
        var shell = $"stty -g > before.txt; stty cols 101 rows 33; (while [ ! -s s/metadata.json ]; do sleep 0.1; done; sleep 0.3; stty cols 120 rows 40 < /dev/tty) & "
            + $"dotnet '{ilmrec}' record --out s -- sh -c 'sleep 4; stty size; exit 4'; echo \"rc=$?\" > rc.txt; stty -g > after.txt";

        var run = await IlmrecProcess.RunToolAsync("script", _dir.FullName, "-q", "-e", "-c", shell, "/dev/null");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal("rc=4", File.ReadAllText(Path.Combine(_dir.FullName, "rc.txt")).Trim());
        Assert.Equal(File.ReadAllText(Path.Combine(_dir.FullName, "before.txt")), File.ReadAllText(Path.Combine(_dir.FullName, "after.txt")));
        var export = await IlmrecProcess.RunAsync(_dir.FullName, null, "export", "s", "--format", "asciicast-v3", "--out", "s.cast");
        Assert.True(export.ExitCode == 0, export.StandardError);
        using var reader = AsciicastReader.Open(Path.Combine(_dir.FullName, "s.cast"));
        var events = reader.ReadEvents().ToList();
        Assert.Equal((101, 33), (reader.Header.Columns, reader.Header.Rows));
        Assert.Contains(events, e => e.Code == "r" && e.Data == "120x40");
        Assert.Contains("40 120", string.Concat(events.Where(e => e.Code == "o").Select(e => e.Data)));
    }

    [Fact]
    public async Task Record_NonexistentCommand_FailsWithClearError()
    {
        var record = await IlmrecProcess.RunAsync(_dir.FullName, null, "record", "--out", "s", "--", "no-such-command-ilmrec");

        Assert.Equal(1, record.ExitCode);
        Assert.Contains("no-such-command-ilmrec", record.StandardError);
        Assert.Contains("not found", record.StandardError);
    }

    [Theory]
    [InlineData("server-welcome.v2.cast")]
    [InlineData("asciinema-cli-demo-vim.v1.json")]
    [InlineData("player-resizing.v3.cast")]
    public async Task ImportCastThenExport_CorpusCast_SameTerminalEvents(string file)
    {
        var import = await IlmrecProcess.RunAsync(_dir.FullName, null, "import-cast", IlmrecProcess.Corpus(file), "--out", "imported");
        Assert.True(import.ExitCode == 0, import.StandardError);
        var export = await IlmrecProcess.RunAsync(_dir.FullName, null, "export", "imported", "--format", "asciicast-v3", "--out", "back.cast");
        Assert.True(export.ExitCode == 0, export.StandardError);

        using var original = AsciicastReader.Open(IlmrecProcess.Corpus(file));
        using var back = AsciicastReader.Open(Path.Combine(_dir.FullName, "back.cast"));
        var expected = AsciicastConverter.ToSessionEvents(original.Header, original.ReadEvents()).ToList();
        var actual = AsciicastConverter.ToSessionEvents(back.Header, back.ReadEvents()).ToList();

        Assert.Equal(expected.Select(e => e.Event), actual.Select(e => e.Event));
        Assert.All(expected.Zip(actual), p => Assert.InRange((p.First.Time - p.Second.Time).Duration(), TimeSpan.Zero, TimeSpan.FromMilliseconds(0.5)));
    }

    [Fact]
    public async Task ImportCast_BrokenCast_ReportsLine()
    {
        var import = await IlmrecProcess.RunAsync(_dir.FullName, null, "import-cast", IlmrecProcess.Corpus("format-fixtures/asciinema-server/2/broken.cast"), "--out", "x");

        Assert.Equal(1, import.ExitCode);
        Assert.Contains("Line 3", import.StandardError);
    }

    [Theory]
    [InlineData("player-markers-input.v2.cast", "1000", "0")]
    [InlineData("server-welcome.v2.cast", "1", "1000")]
    public async Task Play_Cast_WritesAllOutputInOrder(string file, string speed, string from)
    {
        var play = await IlmrecProcess.RunAsync(_dir.FullName, null, "play", IlmrecProcess.Corpus(file), "--speed", speed, "--from", from);

        using var reader = AsciicastReader.Open(IlmrecProcess.Corpus(file));
        var expected = string.Concat(reader.ReadEvents().Where(e => e.Code == "o").Select(e => e.Data));
        Assert.True(play.ExitCode == 0, play.StandardError);
        Assert.Equal(Encoding.UTF8.GetBytes(expected), play.StandardOutput);
    }
}
