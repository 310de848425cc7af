using System.Text;

namespace InterviewLM.Recording.Terminal.Tests;

public sealed class TerminalRecorderTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Start_InteractiveBashSession_RecordsEverythingAndAsciinemaCatReproducesOutput()
    {
        var dir = Directory.CreateTempSubdirectory("ilmrec-rec-");
        try
        {
            Directory.CreateDirectory(Path.Combine(dir.FullName, "subdir"));
            File.WriteAllText(Path.Combine(dir.FullName, "notes.txt"), "x");
            var sink = new InMemoryEventSink();
            var raw = new RawOutputCapture();
            PtyExitStatus status;
            await using (var session = SessionRecorder.Start(sink))
            {
                await using var terminal = TerminalRecorder.Start(
                    session,
                    new PtyOptions
                    {
                        FileName = "bash",
                        Arguments = ["--norc", "--noprofile", "-i"],
                        WorkingDirectory = dir.FullName,
                        Environment = { ["PS1"] = "$ ", ["LS_COLORS"] = "di=01;34:ex=01;32" },
                    },
                    new TerminalRecorderOptions { OutputReceived = raw.Append });
                var at = await raw.WaitForAsync("$ ");

                terminal.WriteInput("printf '\\033[31mred\\033[0m \\033[1;38;5;208mbold256\\033[0m \\033[38;2;1;2;3mrgb\\033[0m żółć 🍺\\n'\r");
                at = await raw.WaitForAsync("🍺\r\n", at);
                terminal.WriteInput("ls --color=always\r");
                at = await raw.WaitForAsync("subdir", at);
                terminal.Resize(100, 30);
                terminal.WriteInput("stty size\r");
                at = await raw.WaitForAsync("30 100\r\n", at);
                terminal.WriteInput("sleep 30\r");
                at = await raw.WaitForAsync("sleep 30\r\n", at);
                await Task.Delay(300);
                terminal.WriteInput("\u0003");
                at = await raw.WaitForAsync("$ ", at);
                terminal.WriteInput("echo \"rc=$?\"; exit 5\r");
                status = await terminal.Completion.WaitAsync(s_timeout);
            }

            var events = sink.Events.Select(e => e.Event).ToList();
            var terminalEvents = events.Where(e => e.Channel == EventChannel.Terminal).ToList();
            var output = string.Concat(events.OfType<TerminalOutput>().Select(o => o.Data));
            var input = string.Concat(events.OfType<TerminalInput>().Select(i => i.Data));

            Assert.Equal(new PtyExitStatus(5, null), status);
            Assert.Equal(new TerminalStarted(80, 24, "bash --norc --noprofile -i", "xterm-256color"), terminalEvents[0]);
            Assert.Equal(new TerminalExited(5, null), terminalEvents[^1]);
            Assert.Contains(new TerminalResized(100, 30), terminalEvents);
            Assert.Equal(Encoding.UTF8.GetString(raw.Bytes), output);
            Assert.Contains("\u001b[31mred\u001b[0m", output);
            Assert.Contains("żółć 🍺", output);
            Assert.Contains("\u001b[01;34msubdir\u001b[0m", output);
            Assert.Contains("30 100", output);
            Assert.Contains("rc=130", output);
            Assert.StartsWith("printf", input);
            Assert.Contains("\u0003", input);
            Assert.EndsWith("exit 5\r", input);
            Assert.True(sink.Events.Zip(sink.Events.Skip(1)).All(p => p.First.Time <= p.Second.Time));

            await AssertAsciinemaCatReproducesAsync(sink.Events, raw.Bytes, dir.FullName);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Start_CharacterSplitAcrossReads_DecodedWhole()
    {
        var sink = new InMemoryEventSink();
        await using (var session = SessionRecorder.Start(sink))
        {
            // "€" is E2 82 AC: the program writes its first two bytes, pauses, then the last one.
            await using var terminal = TerminalRecorder.Start(session, new PtyOptions
            {
                FileName = "sh",
                Arguments = ["-c", "printf 'a\\342\\202'; sleep 0.3; printf '\\254b\\n'"],
            });
            await terminal.Completion.WaitAsync(s_timeout);
        }

        var outputs = sink.Events.Select(e => e.Event).OfType<TerminalOutput>().Select(o => o.Data).ToList();

        Assert.True(outputs.Count >= 2, "the output should arrive in at least two reads");
        Assert.Equal("a€b\r\n", string.Concat(outputs));
        Assert.DoesNotContain(outputs, o => o.Contains('\uFFFD'));
    }

    [Fact]
    public async Task Start_InvalidUtf8AtEnd_ReplacementCharacter()
    {
        var sink = new InMemoryEventSink();
        await using (var session = SessionRecorder.Start(sink))
        {
            await using var terminal = TerminalRecorder.Start(session, new PtyOptions { FileName = "printf", Arguments = ["x\\342\\202"] });
            await terminal.Completion.WaitAsync(s_timeout);
        }

        Assert.Equal("x\uFFFD", string.Concat(sink.Events.Select(e => e.Event).OfType<TerminalOutput>().Select(o => o.Data)));
    }

    [Fact]
    public async Task WriteInput_RecordInputDisabled_NoInputEvents()
    {
        var sink = new InMemoryEventSink();
        await using (var session = SessionRecorder.Start(sink))
        {
            await using var terminal = TerminalRecorder.Start(session, new PtyOptions { FileName = "cat" }, new TerminalRecorderOptions { RecordInput = false });
            terminal.WriteInput("hello\r\u0004");
            Assert.Equal(0, (await terminal.Completion.WaitAsync(s_timeout)).ExitCode);
        }

        var events = sink.Events.Select(e => e.Event).ToList();

        Assert.DoesNotContain(events, e => e is TerminalInput);
        Assert.Contains("hello", string.Concat(events.OfType<TerminalOutput>().Select(o => o.Data)));
    }

    [Fact]
    public async Task Kill_RunningProgram_RecordsSignal()
    {
        var sink = new InMemoryEventSink();
        await using (var session = SessionRecorder.Start(sink))
        {
            await using var terminal = TerminalRecorder.Start(session, new PtyOptions { FileName = "sleep", Arguments = ["30"] });
            await Task.Delay(100);
            Assert.True(terminal.Kill());
            await terminal.Completion.WaitAsync(s_timeout);
        }

        Assert.Equal(new TerminalExited(null, PtyProcess.SignalTerminate), sink.Events.Select(e => e.Event).OfType<TerminalExited>().Single());
    }

    [Fact]
    public async Task Start_NonexistentCommand_ThrowsAndRecordsNothing()
    {
        var sink = new InMemoryEventSink();
        await using (var session = SessionRecorder.Start(sink))
        {
            Assert.Throws<FileNotFoundException>(() => TerminalRecorder.Start(session, new PtyOptions { FileName = "no-such-command-ilmrec" }));
        }

        Assert.DoesNotContain(sink.Events, e => e.Event.Channel == EventChannel.Terminal);
    }

    [Fact]
    public async Task Start_VimEditsAndSavesFile_FileWrittenAndAltScreenRecorded()
    {
        var dir = Directory.CreateTempSubdirectory("ilmrec-vim-");
        try
        {
            var file = Path.Combine(dir.FullName, "hello.txt");
            var sink = new InMemoryEventSink();
            var raw = new RawOutputCapture();
            await using (var session = SessionRecorder.Start(sink))
            {
                await using var terminal = TerminalRecorder.Start(
                    session,
                    new PtyOptions { FileName = "vi", Arguments = ["-u", "NONE", "-i", "NONE", "-n", "-N", file], WorkingDirectory = dir.FullName },
                    new TerminalRecorderOptions { OutputReceived = raw.Append });
                await raw.WaitForAsync("hello.txt");

                terminal.WriteInput("ihello from vim\r");
                terminal.WriteInput("second line");
                terminal.WriteInput("\u001b");
                terminal.WriteInput(":wq\r");
                Assert.Equal(0, (await terminal.Completion.WaitAsync(s_timeout)).ExitCode);
            }

            var output = string.Concat(sink.Events.Select(e => e.Event).OfType<TerminalOutput>().Select(o => o.Data));

            Assert.Equal("hello from vim\nsecond line\n", File.ReadAllText(file));
            Assert.Contains("\u001b[?1049h", output);
            Assert.Contains("\u001b[?1049l", output);
            Assert.Contains("second line", output);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static async Task AssertAsciinemaCatReproducesAsync(IReadOnlyList<RecordedEvent> events, byte[] rawOutput, string dir)
    {
        var cast = Path.Combine(dir, "session.cast");
        await using (var stream = File.Create(cast))
        {
            AsciicastConverter.Export(events, stream);
        }

        var play = await ExternalProcess.RunAsync("setsid", ["-w", "asciinema", "play", "-s", "1000", "-i", "0.001", cast], dir);
        Assert.True(play.ExitCode == 0, play.StandardError);
        var catOut = Path.Combine(dir, "cat.bin");
        var cat = await ExternalProcess.RunAsync("script", ["-q", "-e", "-c", $"asciinema cat '{cast}' > '{catOut}' 2> /dev/null", "/dev/null"], dir);
        Assert.Equal(0, cat.ExitCode);
        Assert.Equal(rawOutput, await File.ReadAllBytesAsync(catOut));
    }
}
