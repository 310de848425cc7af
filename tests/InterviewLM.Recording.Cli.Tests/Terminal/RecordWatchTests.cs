using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace InterviewLM.Recording.Cli.Tests.Terminal;

/// <summary><c>ilmrec record --watch WS -- bash</c> end to end: a real shell in a real PTY edits the workspace with vim, a heredoc, sed, mv, rm and pytest.</summary>
public sealed class RecordWatchTests : IDisposable
{
    // What the test walks past when it reads the workspace on disk: what .gitignore, the default ignore list and the
    // editor patterns exclude (pytest's cache has a .gitignore of "*") and the two files recorded as skipped.
    private static readonly string[] s_notInWorkspace = [".pytest_cache/", "__pycache__/", "node_modules/", "build/", "debug.log", "data.bin", "big.txt"];

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ilmrec-cli-watch-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Ws => Path.Combine(_dir.FullName, "ws");

    [Fact]
    public async Task Record_WatchWhileBashRunsVimCatSedMvRmAndPytest_FilesAtEndAndAfterEachStepEqualTheDisk()
    {
        Write("a.txt", "alpha\nomega\n");
        Write("b.txt", "to be moved\n");
        Write("c.txt", "to be removed\n");
        Write(".gitignore", "*.log\nbuild/\n!keep.log\n");
        Write("debug.log", "ignored by *.log\n");
        Write("keep.log", "re-included by !keep.log\n");
        Write("build/out.txt", "ignored by build/\n");
        Write("node_modules/x/index.js", "ignored by default\n");
        Write("calc.py", "def add(a, b):\n    return a + b\n");
        Write("test_calc.py", "from calc import add\n\n\ndef test_add():\n    assert add(2, 3) == 5\n");
        var binary = new byte[300];
        binary[10] = 0;
        binary[11] = 0xff;
        File.WriteAllBytes(Path.Combine(Ws, "data.bin"), binary);
        var big = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("0123456789abcdef\n", 70_000))); // 1.14 MiB of text
        File.WriteAllBytes(Path.Combine(Ws, "big.txt"), big);
        var steps = new List<(string Marker, Dictionary<string, byte[]> Disk)>();

        await using (var shell = IlmrecShell.Start(_dir.FullName, "record", "--watch", "ws", "--out", "s", "--cols", "120", "--rows", "40", "--", "bash", "--norc", "--noprofile", "-i"))
        {
            // bash holds the original open (fd 3), so its inode number cannot be reused by vim's second save.
            await shell.RunAsync("cd ws; exec 3<a.txt; stat -c 'inode %i' a.txt; echo step-$((1))", "step-1");
            var inodeBefore = shell.LastInode();
            steps.Add(("step-1", ReadWorkspace()));

            // vim saves by moving the original aside and writing a new file (backupcopy=auto with nocompatible; backupskip
            // would make it write in place under /tmp, where the test's workspace is): two saves.
            shell.Type("vim -u NONE -i NONE -N --cmd 'set backupskip=' a.txt\r");
            await shell.WaitForAsync("\u001b[?1049h");
            await shell.WaitForAsync("a.txt");
            shell.Type("ggOfirst edit\u001b");
            shell.Type(":w\r");
            await shell.WaitForAsync("written");
            steps.Add(("written", ReadWorkspace()));
            await shell.PauseAsync();
            shell.Type("Gosecond edit\u001b");
            shell.Type(":w\r");
            await shell.WaitForAsync("written");
            steps.Add(("written", ReadWorkspace()));
            await shell.PauseAsync();
            shell.Type(":q\r");
            await shell.WaitForAsync("\u001b[?1049l"); // vim is gone before bash is typed to
            await shell.WaitForAsync("$ ");
            await shell.RunAsync("stat -c 'inode %i' a.txt; exec 3<&-; echo step-$((2))", "step-2");
            Assert.NotEqual(inodeBefore, shell.LastInode()); // vim did replace the file, so this is the rename-over-original case

            await shell.RunAsync("cat > f.txt <<EOF\nheredoc line one\nheredoc line two\nEOF\necho step-$((3))", "step-3");
            steps.Add(("step-3", ReadWorkspace()));
            await shell.RunAsync("sed -i 's/alpha/ALPHA/' a.txt; echo step-$((4))", "step-4");
            steps.Add(("step-4", ReadWorkspace()));
            await shell.RunAsync("mv b.txt moved.txt; echo step-$((5))", "step-5");
            steps.Add(("step-5", ReadWorkspace()));
            await shell.RunAsync("rm c.txt; echo step-$((6))", "step-6");
            steps.Add(("step-6", ReadWorkspace()));
            await shell.RunAsync("python3 -m pytest -q; echo step-$((7))", "step-7");
            Assert.Contains("1 passed", shell.Output);
            Assert.True(Directory.Exists(Path.Combine(Ws, ".pytest_cache")), "pytest wrote no cache to ignore");
            steps.Add(("step-7", ReadWorkspace()));
            shell.Type("exit\r");
            var exit = await shell.WaitForExitAsync();
            Assert.True(exit == 0, $"ilmrec exited with {exit}: {shell.Error}");
        }

        // At the end the session's files are the workspace on disk, byte for byte.
        Assert.Equal(Describe(ReadWorkspace()), Describe(await FilesAtAsync("end")));

        // Just after each step, the file as it was on disk then: within 500 ms of the output that ended the step.
        var events = new List<RecordedEvent>();
        await foreach (var recorded in (await CliStore.OpenAsync(Path.Combine(_dir.FullName, "s"), CancellationToken.None)).ReadEventsAsync())
        {
            events.Add(recorded);
        }

        var output = new StringBuilder();
        var ends = new List<(int End, TimeSpan Time)>();
        foreach (var recorded in events)
        {
            if (recorded.Event is TerminalOutput o)
            {
                output.Append(o.Data);
                ends.Add((output.Length, recorded.Time));
            }
        }

        var text = output.ToString();
        var from = 0;
        foreach (var (marker, disk) in steps)
        {
            var index = text.IndexOf(marker + (marker == "written" ? string.Empty : "\r\n"), from, StringComparison.Ordinal);
            Assert.True(index >= 0, $"'{marker}' is not in the recorded output after {from}");
            from = index + marker.Length;
            var shownAt = ends.First(e => e.End >= from).Time;
            // Just after the step and before the next one (each starts a second later): room for a loaded machine, where the
            // watcher's own 500 ms is measured by WorkingDirectoryWatcherTests.
            var at = shownAt + TimeSpan.FromMilliseconds(900);
            Assert.Equal(Describe(disk), Describe(await FilesAtAsync(at.TotalSeconds.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture))));
        }

        // vim's two saves and sed's rewrite are edits of one file: a.txt keeps its identifier and is never deleted.
        var aId = events.Select(e => e.Event).OfType<FileCreated>().Single(c => c.Path == "a.txt").FileId;
        Assert.DoesNotContain(events, e => e.Event is FileDeleted d && d.FileId == aId);
        Assert.Equal(1, events.Count(e => e.Event is FileCreated c && c.Path == "a.txt"));
        Assert.True(events.Count(e => e.Event is TextEdited t && t.FileId == aId) >= 3);
        Assert.Contains(events, e => e.Event is FileRenamed { NewPath: "moved.txt" });

        // Skipped files are recorded with their size and hash; ignored files not at all.
        var skipped = events.Select(e => e.Event).OfType<FileSkipped>().ToList();
        Assert.Equal(
            new[] { ("big.txt", big.LongLength, Sha256(big), FileSkipped.TooLargeReason), ("data.bin", binary.LongLength, Sha256(binary), FileSkipped.BinaryReason) },
            skipped.Select(s => (s.Path, s.Size, s.ContentHash, s.Reason)).OrderBy(s => s.Path, StringComparer.Ordinal));
        var paths = events.Select(e => e.Event switch { FileCreated c => c.Path, FileRenamed r => r.NewPath, _ => null }).OfType<string>().ToList();
        Assert.DoesNotContain(paths, p => s_notInWorkspace.Any(n => p.StartsWith(n, StringComparison.Ordinal) || p.Contains("/" + n, StringComparison.Ordinal)));
        Assert.Contains("keep.log", paths);
        Assert.DoesNotContain(paths, p => p.EndsWith(".swp", StringComparison.Ordinal) || p.EndsWith('~') || p == "4913");
    }

    [Fact]
    public async Task Record_WatchMissingDirectory_FailsWithUsageError()
    {
        var record = await IlmrecProcess.RunAsync(_dir.FullName, null, "record", "--watch", "nope", "--out", "s", "--", "true");

        Assert.Equal(2, record.ExitCode);
        Assert.Contains("nope", record.StandardError);
        Assert.False(Directory.Exists(Path.Combine(_dir.FullName, "s")));
    }

    [Fact]
    public async Task Record_SessionInsideTheWatchedDirectory_IsNotRecordedAsCode()
    {
        Write("main.py", "print('hi')\n");

        var record = await IlmrecProcess.RunAsync(Ws, "echo hi > out.txt; exit\n", "record", "--watch", ".", "--out", "session", "--", "bash", "--norc", "--noprofile");

        Assert.True(record.ExitCode == 0, record.StandardError);
        var files = await FilesAtAsync("end", Path.Combine(Ws, "session"));
        Assert.Equal(["main.py", "out.txt"], files.Keys.Order(StringComparer.Ordinal));
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static string Describe(Dictionary<string, byte[]> files) =>
        string.Join("\n", files.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key} = {Convert.ToBase64String(f.Value)}"));

    private async Task<Dictionary<string, byte[]>> FilesAtAsync(string at, string? session = null)
    {
        var files = await IlmrecProcess.RunAsync(_dir.FullName, null, "files", session ?? "s", "--at", at, "--json");
        Assert.True(files.ExitCode == 0, files.StandardError);
        using var document = JsonDocument.Parse(files.StandardOutput);
        return document.RootElement.GetProperty("files").EnumerateArray()
            .ToDictionary(f => f.GetProperty("path").GetString()!, f => Encoding.UTF8.GetBytes(f.GetProperty("content").GetString()!), StringComparer.Ordinal);
    }

    /// <summary>The workspace on disk, walked by the test itself: every file but those <see cref="s_notInWorkspace"/> names.</summary>
    private Dictionary<string, byte[]> ReadWorkspace()
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(Ws, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Ws, path).Replace(Path.DirectorySeparatorChar, '/');
            var name = Path.GetFileName(relative);
            if (name.EndsWith(".swp", StringComparison.Ordinal) || name.EndsWith('~') || name == "4913")
            {
                continue; // vim's swap file while it runs, its backup and probe while it saves
            }

            if (!s_notInWorkspace.Any(n => n.EndsWith('/') ? relative.StartsWith(n, StringComparison.Ordinal) || relative.Contains("/" + n, StringComparison.Ordinal) : relative == n))
            {
                files[relative] = File.ReadAllBytes(path);
            }
        }

        return files;
    }

    private void Write(string relative, string content)
    {
        var path = Path.Combine(Ws, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    /// <summary>The built <c>ilmrec</c> as a child process whose standard input is typed into the recorded program as it runs, and whose output is read as it comes.</summary>
    private sealed class IlmrecShell : IAsyncDisposable
    {
        private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);
        private readonly Process _process;
        private readonly StringBuilder _output = new();
        private readonly Task _reading;
        private readonly Task<string> _error;
        private int _at;

        private IlmrecShell(Process process)
        {
            _process = process;
            _reading = Task.Run(async () =>
            {
                var buffer = new char[4096];
                int read;
                while ((read = await process.StandardOutput.ReadAsync(buffer)) > 0)
                {
                    lock (_output)
                    {
                        _output.Append(buffer, 0, read);
                    }
                }
            });
            _error = process.StandardError.ReadToEndAsync();
        }

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public string Error => _error.IsCompletedSuccessfully ? _error.GetAwaiter().GetResult() : "(still running)";

        public static IlmrecShell Start(string workingDirectory, params string[] arguments)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
                WorkingDirectory = workingDirectory,
                StandardOutputEncoding = new UTF8Encoding(false),
            };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ilmrec.dll"));
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            // A plain prompt, a terminal vim knows, and the system Python first: eng/prerequisites.sh installs python3-pytest for it.
            start.Environment["PS1"] = "$ ";
            start.Environment["TERM"] = "xterm-256color";
            start.Environment["PATH"] = "/usr/bin:/bin:" + Environment.GetEnvironmentVariable("PATH");
            return new IlmrecShell(Process.Start(start)!);
        }

        public void Type(string text)
        {
            _process.StandardInput.Write(text);
            _process.StandardInput.Flush();
        }

        /// <summary>Types a command line and waits for the output it ends with (never its own echo), then for the prompt.</summary>
        public async Task RunAsync(string commandLine, string marker)
        {
            Type(commandLine + "\r");
            await WaitForAsync(marker + "\r\n");
            await WaitForAsync("$ ");
            await PauseAsync();
        }

        /// <summary>Waits until <paramref name="expected"/> appears after what was waited for before.</summary>
        public async Task WaitForAsync(string expected)
        {
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                var text = Output;
                var index = text.IndexOf(expected, Math.Min(_at, text.Length), StringComparison.Ordinal);
                if (index >= 0)
                {
                    _at = index + expected.Length;
                    return;
                }

                if (deadline.Elapsed > s_timeout || _process.HasExited)
                {
                    throw new TimeoutException($"'{expected}' did not appear; the output after {_at}:\n{text[Math.Min(_at, text.Length)..]}\nstderr: {Error}");
                }

                await Task.Delay(20);
            }
        }

        /// <summary>Leaves a second between steps, so each step's moment in the session is apart from the next step's.</summary>
        public Task PauseAsync() => Task.Delay(TimeSpan.FromSeconds(1));

        /// <summary>The last <c>inode N</c> that <c>stat -c 'inode %i'</c> printed (the typed command shows <c>%i</c>, not digits).</summary>
        public string LastInode()
        {
            var matches = System.Text.RegularExpressions.Regex.Matches(Output, "inode [0-9]+");
            Assert.True(matches.Count > 0, $"stat printed no inode in:\n{Output}");
            return matches[^1].Value;
        }

        public async Task<int> WaitForExitAsync()
        {
            using var timeout = new CancellationTokenSource(s_timeout);
            await _process.WaitForExitAsync(timeout.Token);
            await _reading;
            await _error;
            return _process.ExitCode;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }
    }
}
