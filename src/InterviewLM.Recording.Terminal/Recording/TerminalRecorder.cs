using System.Text;

namespace InterviewLM.Recording.Terminal;

/// <summary>Records a program running in a pseudo-terminal into a session: start, output, input, resizes and exit.</summary>
/// <remarks>
/// <para>
/// <see cref="Start"/> spawns the program and records <see cref="TerminalStarted"/>; a background task then records each chunk
/// of output as <see cref="TerminalOutput"/>, decoded with one stateful UTF-8 decoder so a character split across two reads
/// is never broken (bytes that are not UTF-8 become U+FFFD). Input written with <see cref="WriteInput(string)"/> and
/// resizes made with <see cref="Resize"/> are recorded before they reach the program. When the program exits and its output
/// is drained, <see cref="TerminalExited"/> is recorded and <see cref="Completion"/> completes. Times come from the
/// <see cref="SessionRecorder"/>'s clock. The session recorder is not completed by this class.
/// </para>
/// <para>Members are safe to call from any thread.</para>
/// </remarks>
public sealed class TerminalRecorder : IAsyncDisposable
{
    private const string CaptureSource = "terminal";

    private readonly SessionRecorder _session;
    private readonly TerminalRecorderOptions _options;
    private readonly Utf8ChunkDecoder _outputDecoder = new();
    private readonly Utf8ChunkDecoder _inputDecoder = new();
    private readonly Lock _inputGate = new();
    private readonly Lock _sizeGate = new();
    private readonly Task _pump;
    private readonly Task<PtyExitStatus> _completion;
    private readonly CancellationTokenSource _stop = new();

    private TerminalRecorder(SessionRecorder session, PtyProcess process, TerminalRecorderOptions options)
    {
        _session = session;
        Process = process;
        _options = options;
        _pump = Task.Factory.StartNew(PumpAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        _completion = CompleteAsync();
    }

    /// <summary>Gets the running program.</summary>
    public PtyProcess Process { get; }

    /// <summary>Gets a task that completes with the exit status once the program has exited and <see cref="TerminalExited"/> is recorded.</summary>
    public Task<PtyExitStatus> Completion => _completion;

    /// <summary>Starts a program in a pseudo-terminal and records <see cref="TerminalStarted"/>.</summary>
    /// <param name="session">Where the events go.</param>
    /// <param name="ptyOptions">What to run.</param>
    /// <param name="options">The recorder settings, or <see langword="null"/> for the defaults.</param>
    /// <returns>The recorder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="session"/> or <paramref name="ptyOptions"/> is <see langword="null"/>.</exception>
    /// <exception cref="FileNotFoundException">The program does not exist; nothing is recorded.</exception>
    /// <exception cref="System.ComponentModel.Win32Exception">The program could not be started; nothing is recorded.</exception>
    public static TerminalRecorder Start(SessionRecorder session, PtyOptions ptyOptions, TerminalRecorderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(ptyOptions);
        options ??= new TerminalRecorderOptions();
        options.Validate();
        var process = PtyProcess.Start(ptyOptions);
        try
        {
            session.Record(new TerminalStarted(ptyOptions.Columns, ptyOptions.Rows, FormatCommand(ptyOptions), GetTermType(ptyOptions)));
        }
        catch
        {
            process.Dispose();
            throw;
        }

        return new TerminalRecorder(session, process, options);
    }

    /// <summary>Writes input to the program, recording it first as <see cref="TerminalInput"/> (unless disabled in the options).</summary>
    /// <param name="data">The raw input bytes, as read from a keyboard; a character may be split across calls.</param>
    /// <exception cref="IOException">The write failed.</exception>
    /// <exception cref="ObjectDisposedException">The terminal is closed.</exception>
    public void WriteInput(ReadOnlySpan<byte> data)
    {
        lock (_inputGate)
        {
            if (_options.RecordInput)
            {
                var text = _inputDecoder.Decode(data);
                if (text.Length > 0)
                {
                    _session.Record(new TerminalInput(text));
                }
            }

            Process.Write(data);
        }
    }

    /// <summary>Writes text to the program, recording it first as <see cref="TerminalInput"/> (unless disabled in the options).</summary>
    /// <param name="text">The text; <c>"\r"</c> is Enter, <c>"\u0003"</c> is Ctrl-C.</param>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    /// <exception cref="IOException">The write failed.</exception>
    /// <exception cref="ObjectDisposedException">The terminal is closed.</exception>
    public void WriteInput(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        WriteInput(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>Resizes the terminal, recording <see cref="TerminalResized"/> first; the program gets <c>SIGWINCH</c>.</summary>
    /// <param name="columns">The new width.</param>
    /// <param name="rows">The new height.</param>
    /// <exception cref="ArgumentOutOfRangeException">The size is not positive or exceeds 65535.</exception>
    /// <exception cref="ObjectDisposedException">The terminal is closed.</exception>
    public void Resize(int columns, int rows)
    {
        PtySize.Validate(columns, rows);
        lock (_sizeGate)
        {
            if (columns == Process.Columns && rows == Process.Rows)
            {
                return;
            }

            _session.Record(new TerminalResized(columns, rows));
            Process.Resize(columns, rows);
        }
    }

    /// <summary>Sends a signal to the program's process group.</summary>
    /// <param name="signal">The signal; by default <see cref="PtyProcess.SignalTerminate"/>.</param>
    /// <returns><see langword="true"/> if the signal was sent.</returns>
    public bool Kill(int signal = PtyProcess.SignalTerminate) => Process.Kill(signal);

    /// <summary>Hangs up the program if it still runs, waits for <see cref="TerminalExited"/> to be recorded and closes the terminal.</summary>
    /// <returns>A task that completes when the recorder is stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited)
        {
            Process.Kill(PtyProcess.SignalHangUp);
        }

        try
        {
            await _completion.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A program that ignores SIGHUP: PtyProcess disposal kills it.
        }
#pragma warning disable CA1031 // A failure to record is reported by Completion; disposal still closes the terminal.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await Process.DisposeAsync().ConfigureAwait(false);
        try
        {
            await _pump.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // As above: the pump's failure is Completion's to report.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        _stop.Dispose();
    }

    internal static string FormatCommand(PtyOptions options)
        => string.Join(' ', new[] { options.FileName }.Concat(options.Arguments).Select(Quote));

    private static string Quote(string argument)
        => argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+@%".Contains(c, StringComparison.Ordinal))
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string GetTermType(PtyOptions options)
        => options.Environment.TryGetValue("TERM", out var term) && term is not null ? term : options.TermType;

    private async Task PumpAsync()
    {
        var buffer = new byte[_options.ReadBufferSize];
        while (true)
        {
            var read = await Process.ReadAsync(buffer, _stop.Token).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            _options.OutputReceived?.Invoke(buffer.AsMemory(0, read));
            var text = _outputDecoder.Decode(buffer.AsSpan(0, read));
            if (text.Length > 0)
            {
                _session.Record(new TerminalOutput(text));
            }
        }

        // End of output: an incomplete character left in the decoder becomes U+FFFD.
        var rest = _outputDecoder.Flush();
        if (rest.Length > 0)
        {
            _session.Record(new TerminalOutput(rest));
        }

        if (Process.ReadError is { } error)
        {
            _session.ReportCaptureFailure(CaptureSource, error); // the program's later output, if any, is missing
        }
    }

    private async Task<PtyExitStatus> CompleteAsync()
    {
        var status = await Process.Exited.ConfigureAwait(false);
        try
        {
            await _pump.WaitAsync(_options.OutputDrainTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Something still holds the terminal open; record the exit anyway, later output follows it.
        }
        catch (OperationCanceledException)
        {
        }

        _session.Record(new TerminalExited(status.ExitCode, status.Signal));
        return status;
    }
}
