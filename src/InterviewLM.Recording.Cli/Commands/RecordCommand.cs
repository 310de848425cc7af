using System.CommandLine;
using System.Runtime.InteropServices;
using InterviewLM.Recording.Claude;
using InterviewLM.Recording.Diff;
using InterviewLM.Recording.Terminal;

namespace InterviewLM.Recording.Cli.Commands;

/// <summary><c>ilmrec record --out DIR [--watch WS]... [--cols N --rows N] -- CMD...</c>: runs CMD in a pseudo-terminal and records it.</summary>
/// <remarks>
/// Interactive when standard input is a terminal: the terminal goes to raw mode (keys, Ctrl-C included, go to CMD), its
/// resizes are forwarded, and it is restored however the recording ends. Headless otherwise: standard input (a pipe or a
/// file) is fed to CMD as typed input. Either way CMD's output is shown on standard output as it runs.
/// With <c>--claude-upstream URL</c>, a recording proxy on 127.0.0.1 forwards to URL and CMD gets <c>ANTHROPIC_BASE_URL</c>
/// pointing at it, so every Claude call CMD makes (any SDK, any CLI that honours the variable) is recorded too.
/// With <c>--watch WS</c> (repeatable), the files under WS are recorded as the code channel (<see cref="WorkingDirectoryWatcher"/>):
/// their content at the start, then every change on disk, with <c>.gitignore</c> rules, the default ignore list, a size
/// limit and binary files recorded as skipped. With several, each directory's paths start with its name.
/// </remarks>
internal static class RecordCommand
{
    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "The session directory to create.", Required = true };
        var columns = new Option<int?>("--cols") { Description = "The terminal width (default: this terminal's, or 80)." };
        var rows = new Option<int?>("--rows") { Description = "The terminal height (default: this terminal's, or 24)." };
        var codec = new Option<string>("--codec") { Description = "The events codec: jsonl-gz (default) or jsonl.", DefaultValueFactory = _ => "jsonl-gz" };
        var noInput = new Option<bool>("--no-input") { Description = "Do not record keystrokes (output, resizes and exit still are)." };
        var claudeUpstream = new Option<string?>("--claude-upstream")
        {
            Description = "Record Claude API calls: run a recording proxy to this Anthropic API base URL (for example https://api.anthropic.com) and point CMD at it with ANTHROPIC_BASE_URL.",
        };
        var watch = new Option<DirectoryInfo[]>("--watch")
        {
            Description = "Record the files under this directory (repeatable): their content at the start and every change, as .gitignore and the default ignore list allow; files too large or binary are recorded as skipped.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var maxFileSize = new Option<long>("--max-file-size")
        {
            Description = "With --watch: the largest file whose content is recorded, in bytes (bigger files are recorded as skipped).",
            DefaultValueFactory = _ => new WorkingDirectoryWatcherOptions().MaxFileSize,
        };
        var archive = new Option<bool>("--archive")
        {
            Description = "When the recording ends, convert it in place into the protobuf-brotli archive (as convert --in-place does); the live events file stays until the archive is complete and verified.",
        };
        var commandLine = new Argument<string[]>("CMD") { Description = "The command and its arguments (after --).", Arity = ArgumentArity.OneOrMore };
        var command = new Command("record", "Runs a command in a pseudo-terminal and records its terminal session.")
        {
            output, columns, rows, codec, noInput, claudeUpstream, watch, maxFileSize, archive, commandLine,
        };
        command.SetHandler(async (parseResult, cancellationToken) =>
        {
            var argv = parseResult.GetValue(commandLine)!;
            var target = parseResult.GetValue(output)!.FullName;
            var interactive = HostTerminal.IsTerminal(HostTerminal.StandardInput);
            var hostSize = HostTerminal.TryGetSize(HostTerminal.StandardOutput, out var hostColumns, out var hostRows);
            var ptyOptions = new PtyOptions
            {
                FileName = argv[0],
                Arguments = argv[1..],
                Columns = parseResult.GetValue(columns) ?? (hostSize ? hostColumns : 80),
                Rows = parseResult.GetValue(rows) ?? (hostSize ? hostRows : 24),
                TermType = Environment.GetEnvironmentVariable("TERM") is { Length: > 0 } term && term != "dumb" ? term : "xterm-256color",
            };
            var followHostSize = interactive && parseResult.GetValue(columns) is null && parseResult.GetValue(rows) is null;
            Uri? upstream = null;
            if (parseResult.GetValue(claudeUpstream) is { } upstreamText
                && (!Uri.TryCreate(upstreamText, UriKind.Absolute, out upstream) || (upstream.Scheme != Uri.UriSchemeHttp && upstream.Scheme != Uri.UriSchemeHttps)))
            {
                Console.Error.WriteLine($"ilmrec record: --claude-upstream must be an absolute http or https URL; '{upstreamText}' is not.");
                return 2;
            }

            var watched = parseResult.GetValue(watch) ?? [];
            if (watched.FirstOrDefault(static d => !d.Exists) is { } absent)
            {
                Console.Error.WriteLine($"ilmrec record: --watch: the directory '{absent.FullName}' does not exist.");
                return 2;
            }

            if (parseResult.GetValue(maxFileSize) < 0)
            {
                Console.Error.WriteLine("ilmrec record: --max-file-size cannot be negative.");
                return 2;
            }

            PtyExitStatus status;
            IReadOnlyList<CaptureFailed> failures;
            var session = await CliStore.StartAsync(target, CliStore.CreateStorage(parseResult.GetValue(codec)!), recorder: null, cancellationToken).ConfigureAwait(false);
            await using (session.ConfigureAwait(false))
            {
                var watchers = StartWatchers(session, watched, target, parseResult.GetValue(maxFileSize));
                var claude = upstream is null ? null : new ClaudeInteractionRecorder(session);
                var proxy = upstream is null ? null : await ClaudeRecordingProxy.StartAsync(upstream, claude!, cancellationToken: cancellationToken).ConfigureAwait(false);
                try
                {
                    if (proxy is not null)
                    {
                        ptyOptions.Environment[ClaudeRecordingProxy.BaseUrlEnvironmentVariable] = proxy.BaseUrl.ToString().TrimEnd('/');
                        Console.Error.WriteLine($"recording Claude calls to {upstream} through {proxy.BaseUrl} ({ClaudeRecordingProxy.BaseUrlEnvironmentVariable})");
                    }

                    status = await RunAsync(session, ptyOptions, interactive, followHostSize, !parseResult.GetValue(noInput), cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    if (proxy is not null)
                    {
                        await proxy.DisposeAsync().ConfigureAwait(false);
                    }

                    CompleteWatchers(session, watchers);
                }

                // Completing the session also records the Claude calls still pending (streams CMD left open are kept, marked incomplete).
                await session.CompleteAsync(status.Signal is { } s ? $"terminal killed by signal {s}" : $"terminal exited with {status.ExitCode}", CancellationToken.None).ConfigureAwait(false);
                failures = session.CaptureFailures;
            }

            Console.Error.WriteLine($"{(interactive ? "\r\n" : string.Empty)}recorded '{FormatCommandLine(argv)}' in {target} (exit status {status.ShellStatus}); play it with: ilmrec play {target}");
            if (parseResult.GetValue(archive))
            {
                var archived = await ConvertCommand.ArchiveInPlaceAsync(target, cancellationToken).ConfigureAwait(false);
                Console.Error.WriteLine($"archived {archived.Events:N0} events into protobuf-brotli ({archived.EventsFileBytes:N0} bytes), verified");
            }

            if (failures.Count > 0)
            {
                // Nothing missing silently: the session holds a capture_failed event for each, and the recording fails.
                Console.Error.WriteLine($"ilmrec record: {DescribeCaptureFailures(failures)}");
                return 1;
            }

            return status.ShellStatus;
        });
        return command;
    }

    private static string FormatCommandLine(string[] argv) => string.Join(' ', argv);

    /// <summary>Records each watched directory's files now and starts watching; with several directories each one's paths start with its name.</summary>
    private static List<(DirectoryInfo Directory, WorkingDirectoryWatcher Watcher)> StartWatchers(SessionRecorder session, DirectoryInfo[] directories, string target, long maxFileSize)
    {
        var watchers = new List<(DirectoryInfo, WorkingDirectoryWatcher)>();
        var prefixes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var directory in directories)
        {
            var options = new WorkingDirectoryWatcherOptions { MaxFileSize = maxFileSize };
            options.ExcludedPaths.Add(target); // the session being written, when it is inside a watched directory
            if (directories.Length > 1)
            {
                var name = directory.Name.Length > 0 ? directory.Name : "root";
                var prefix = name;
                for (var n = 2; !prefixes.Add(prefix); n++)
                {
                    prefix = $"{name}-{n}";
                }

                options.PathPrefix = prefix + "/";
            }

            var watcher = new WorkingDirectoryWatcher(directory.FullName, session, options);
            watcher.Start();
            watchers.Add((directory, watcher));
            Console.Error.WriteLine($"recording the files under {directory.FullName}{(options.PathPrefix.Length > 0 ? $" as {options.PathPrefix}" : string.Empty)}");
        }

        return watchers;
    }

    /// <summary>Scans every watched directory a last time, records the files' final snapshots and stops watching.</summary>
    private static void CompleteWatchers(SessionRecorder session, List<(DirectoryInfo Directory, WorkingDirectoryWatcher Watcher)> watchers)
    {
        foreach (var (directory, watcher) in watchers)
        {
            using (watcher)
            {
                watcher.Complete();
                if (watcher.LastError is { } error)
                {
                    // Nothing missing silently: the session holds it, and the recording fails with it.
                    session.ReportCaptureFailure("watcher", $"watching {directory.FullName}: {error.Message}", error.GetType().FullName);
                }
            }
        }
    }

    // One line: "2 capture failures: claude: response failed before its end: …; terminal: …", each distinct reason once.
    private static string DescribeCaptureFailures(IReadOnlyList<CaptureFailed> failures)
    {
        var reasons = failures.GroupBy(f => $"{f.Source}: {f.Reason}", StringComparer.Ordinal)
            .Select(g => g.Count() == 1 ? g.Key : $"{g.Key} ({g.Count()} times)");
        return $"{failures.Count} capture failure{(failures.Count == 1 ? string.Empty : "s")}: {string.Join("; ", reasons)}";
    }

    private static async Task<PtyExitStatus> RunAsync(SessionRecorder session, PtyOptions ptyOptions, bool interactive, bool followHostSize, bool recordInput, CancellationToken cancellationToken)
    {
        var stdout = Console.OpenStandardOutput();
        var terminal = TerminalRecorder.Start(session, ptyOptions, new TerminalRecorderOptions
        {
            RecordInput = recordInput,
            OutputReceived = chunk =>
            {
                stdout.Write(chunk.Span);
                stdout.Flush();
            },
        });
        await using (terminal.ConfigureAwait(false))
        {
            var registrations = new List<PosixSignalRegistration>();
            var rawMode = interactive ? HostTerminal.EnterRawMode(HostTerminal.StandardInput) : null;
            try
            {
                foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGHUP, PosixSignal.SIGQUIT })
                {
                    registrations.Add(PosixSignalRegistration.Create(signal, context =>
                    {
                        // Hang up the recorded program; the recording then ends normally and the terminal is restored.
                        context.Cancel = true;
                        terminal.Kill(PtyProcess.SignalHangUp);
                    }));
                }

                if (followHostSize && !OperatingSystem.IsWindows())
                {
                    registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGWINCH, context =>
                    {
                        context.Cancel = true;
                        if (HostTerminal.TryGetSize(HostTerminal.StandardOutput, out var c, out var r))
                        {
                            terminal.Resize(c, r);
                        }
                    }));
                }

                StartInputPump(terminal);
                try
                {
                    return await terminal.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl-C in headless mode: hang up the program and still store what was recorded.
                    terminal.Kill(PtyProcess.SignalHangUp);
                    return await terminal.Completion.ConfigureAwait(false);
                }
            }
            finally
            {
                rawMode?.Dispose();
                foreach (var registration in registrations)
                {
                    registration.Dispose();
                }
            }
        }
    }

    private static void StartInputPump(TerminalRecorder terminal)
    {
        // A plain thread: a blocking read of standard input cannot be cancelled, and it must not hold up the exit.
        new Thread(() =>
        {
            try
            {
                using var stdin = Console.OpenStandardInput();
                var buffer = new byte[4096];
                int read;
                while (!terminal.Process.HasExited && (read = stdin.Read(buffer, 0, buffer.Length)) > 0)
                {
                    terminal.WriteInput(buffer.AsSpan(0, read));
                }
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
                // The program exited while input was being forwarded.
            }
        })
        { IsBackground = true, Name = "ilmrec-record-input" }.Start();
    }
}
