using System.Text;

namespace InterviewLM.Recording.Terminal.Tests;

/// <summary>
/// Records bash running real programs in the PTY (colours, <c>ls --color</c>, vi editing and saving a file, resizes,
/// Ctrl-C), exports the session as an asciicast and replays it in <see cref="VirtualTerminal"/> and @xterm/headless:
/// the screens after every event must match, text, cursor, colours and attributes.
/// </summary>
public sealed class VirtualTerminalPtyDifferentialTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RecordedBashSession_ReplayedScreens_MatchXtermHeadless()
    {
        var dir = Directory.CreateTempSubdirectory("ilmrec-vt-pty-");
        try
        {
            Directory.CreateDirectory(Path.Combine(dir.FullName, "subdir"));
            File.WriteAllText(Path.Combine(dir.FullName, "notes.txt"), "x\n");
            var sink = new InMemoryEventSink();
            var raw = new RawOutputCapture();
            await using (var session = SessionRecorder.Start(sink))
            {
                await using var terminal = TerminalRecorder.Start(
                    session,
                    new PtyOptions
                    {
                        FileName = "bash",
                        Arguments = ["--norc", "--noprofile", "-i"],
                        WorkingDirectory = dir.FullName,
                        Environment = { ["PS1"] = "\\[\\e[1;32m\\]$\\[\\e[0m\\] ", ["LS_COLORS"] = "di=01;34:ex=01;32" },
                    },
                    new TerminalRecorderOptions { OutputReceived = raw.Append });
                var at = await raw.WaitForAsync("$");

                terminal.WriteInput("printf '\\033[31mred\\033[0m \\033[1;4;38;5;208mbold256\\033[0m \\033[48;2;10;20;30mrgb\\033[0m żółć 日本 🍺\\n'\r");
                at = await raw.WaitForAsync("🍺\r\n", at);
                terminal.WriteInput("ls --color=always -la\r");
                at = await raw.WaitForAsync("subdir", at);
                terminal.WriteInput("seq 1 40\r");
                at = await raw.WaitForAsync("\n40\r\n", at); // seq's last line, not the echo of the command ("seq 1 40\r\n")
                terminal.Resize(60, 15);
                terminal.WriteInput("vi -u NONE -i NONE -n -N hello.txt\r");
                at = await raw.WaitForAsync("\u001b[?1049h", at); // vim on its screen, not the echo of the command
                terminal.WriteInput("ihello from vim\r");
                terminal.WriteInput("second line with a long tail that wraps past sixty columns of the screen");
                terminal.WriteInput("\u001b");
                await Task.Delay(200);
                terminal.Resize(90, 20);
                await Task.Delay(300);
                terminal.WriteInput(":wq\r");
                at = await raw.WaitForAsync("$", at);
                terminal.WriteInput("cat hello.txt\r");
                at = await raw.WaitForAsync("sixty columns of the screen\r\n", at);
                terminal.WriteInput("sleep 30\r");
                at = await raw.WaitForAsync("sleep 30\r\n", at);
                await Task.Delay(300);
                terminal.WriteInput("\u0003");
                at = await raw.WaitForAsync("$", at);
                terminal.WriteInput("exit\r");
                await terminal.Completion.WaitAsync(s_timeout);
            }

            Assert.Equal("hello from vim\nsecond line with a long tail that wraps past sixty columns of the screen\n", File.ReadAllText(Path.Combine(dir.FullName, "hello.txt")));
            var castPath = Path.Combine(dir.FullName, "session.cast");
            await using (var stream = File.Create(castPath))
            {
                AsciicastConverter.Export(sink.Events, stream);
            }

            var cast = TestCasts.Load(castPath);
            Assert.Contains(cast.Events, e => e.Code == "r");
            Assert.Contains(cast.Events, e => e.Code == "o" && e.Data.Contains("\u001b[?1049h", StringComparison.Ordinal));
            var moments = cast.Events.Select(e => e.Time).Distinct().Append(double.PositiveInfinity).ToList();
            var expected = XtermOracle.Screens(castPath, moments);
            var terminalReplay = new VirtualTerminal(cast.Columns, cast.Rows);
            var next = 0;
            var failures = new StringBuilder();
            for (var m = 0; m < moments.Count && failures.Length < 4000; m++)
            {
                next = TestCasts.Play(cast, terminalReplay, next, moments[m]);
                var actual = terminalReplay.GetScreenText();
                if (actual != expected[m])
                {
                    failures.AppendLine($"at t={moments[m]}: {VirtualTerminalDifferentialTests.Describe(expected[m], actual)}");
                    continue;
                }

                var runs = XtermOracle.AttributeRuns(expected[m]);
                for (var y = 0; y < actual.Rows; y++)
                {
                    if (terminalReplay.AttributeRuns(y) != runs[y])
                    {
                        failures.AppendLine($"at t={moments[m]}: line {y} attributes {terminalReplay.AttributeRuns(y)}, expected {runs[y]}");
                        break;
                    }
                }
            }

            Assert.True(failures.Length == 0, failures.ToString());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
