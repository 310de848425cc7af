using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Channels;
using Microsoft.Win32.SafeHandles;

namespace InterviewLM.Recording.Terminal;

/// <summary>Represents a program running in a Linux pseudo-terminal: read its output, write its input, resize it, wait for it.</summary>
/// <remarks>
/// <para>
/// The terminal is opened with <c>posix_openpt</c> (close-on-exec, so no other child inherits it) and the program is started
/// with <c>posix_spawnp</c> in a new session (<c>POSIX_SPAWN_SETSID</c>) whose file actions open the terminal's slave side
/// as descriptors 0, 1 and 2, which makes it the controlling terminal. No managed code runs in the child (.NET cannot fork).
/// Signal dispositions and the mask are reset to defaults in the child, so it does not inherit .NET's ignored <c>SIGPIPE</c>.
/// </para>
/// <para>
/// Output is read on a dedicated thread and queued (read it with <see cref="ReadAsync"/> from one consumer); the end of
/// output is when every holder of the slave side has closed it. Another thread reaps the child with <c>waitpid</c>, so it
/// never stays a zombie. <see cref="Write(ReadOnlySpan{byte})"/>, <see cref="Resize"/> and <see cref="Kill"/> are safe to
/// call from any thread. Disposal hangs up the process group (<c>SIGHUP</c>, then <c>SIGKILL</c> if it is still running)
/// and closes the terminal. Linux only.
/// </para>
/// </remarks>
public sealed class PtyProcess : IDisposable, IAsyncDisposable
{
    /// <summary>The hang-up signal (1).</summary>
    public const int SignalHangUp = 1;

    /// <summary>The interrupt signal (2), what Ctrl-C sends.</summary>
    public const int SignalInterrupt = 2;

    /// <summary>The kill signal (9).</summary>
    public const int SignalKill = 9;

    /// <summary>The termination signal (15).</summary>
    public const int SignalTerminate = 15;

    private const int ReadBufferSize = 16 * 1024;
    private readonly SafeFileHandle _master;
    private readonly Channel<byte[]> _output = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(1024)
    {
        SingleReader = true,
        SingleWriter = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private readonly TaskCompletionSource<PtyExitStatus> _exit = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _writeGate = new();
    private readonly Lock _sizeGate = new();
    private ReadOnlyMemory<byte> _pending;
    private int _disposed;

    private PtyProcess(SafeFileHandle master, int processId, int columns, int rows)
    {
        _master = master;
        ProcessId = processId;
        Columns = columns;
        Rows = rows;
        new Thread(ReadLoop) { IsBackground = true, Name = $"pty-read-{processId}" }.Start();
        new Thread(WaitLoop) { IsBackground = true, Name = $"pty-wait-{processId}" }.Start();
    }

    /// <summary>Gets the child's process id, which is also its session and process group id.</summary>
    public int ProcessId { get; }

    /// <summary>Gets the current width in columns.</summary>
    public int Columns { get; private set; }

    /// <summary>Gets the current height in rows.</summary>
    public int Rows { get; private set; }

    /// <summary>Gets a value indicating whether the child has exited (and been reaped).</summary>
    public bool HasExited => _exit.Task.IsCompleted;

    /// <summary>Gets a task that completes with the child's exit status once it has exited.</summary>
    public Task<PtyExitStatus> Exited => _exit.Task;

    /// <summary>Starts a program in a new pseudo-terminal.</summary>
    /// <param name="options">What to run, with which size and environment.</param>
    /// <returns>The running program.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The size is not positive or exceeds 65535.</exception>
    /// <exception cref="PlatformNotSupportedException">The operating system is not Linux.</exception>
    /// <exception cref="FileNotFoundException">The program does not exist (or is not in <c>PATH</c>).</exception>
    /// <exception cref="DirectoryNotFoundException">The working directory does not exist.</exception>
    /// <exception cref="Win32Exception">The terminal could not be opened or the program could not be started; the message says why.</exception>
    public static PtyProcess Start(PtyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("PtyProcess supports Linux only.");
        }

        if (options.WorkingDirectory is { } cwd && !Directory.Exists(cwd))
        {
            throw new DirectoryNotFoundException($"The working directory '{cwd}' does not exist.");
        }

        var master = OpenMaster(out var slavePath);
        try
        {
            SetSize(master, options.Columns, options.Rows);
            var pid = Spawn(options, slavePath);
            return new PtyProcess(master, pid, options.Columns, options.Rows);
        }
        catch
        {
            master.Dispose();
            throw;
        }
    }

    // Why output ended early, when it ended on a read error rather than at its end; set before the output completes.
    internal string? ReadError { get; private set; }

    /// <summary>Reads output the program wrote to the terminal.</summary>
    /// <param name="buffer">Where to copy the bytes.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The number of bytes read; 0 at the end of output (every writer closed the terminal).</returns>
    /// <remarks>Call from one consumer at a time. Bytes are raw: decode them with a stateful UTF-8 decoder.</remarks>
    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (_pending.IsEmpty)
        {
            if (_output.Reader.TryRead(out var chunk))
            {
                _pending = chunk;
                break;
            }

            if (!await _output.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return 0;
            }
        }

        var count = Math.Min(buffer.Length, _pending.Length);
        _pending[..count].CopyTo(buffer);
        _pending = _pending[count..];
        return count;
    }

    /// <summary>Writes input to the terminal, as if typed (<c>0x03</c> is Ctrl-C, which interrupts the foreground job).</summary>
    /// <param name="data">The bytes.</param>
    /// <exception cref="ObjectDisposedException">The terminal is closed.</exception>
    /// <exception cref="IOException">The write failed (for example because the program has exited).</exception>
    /// <remarks>Blocks while the terminal's input queue is full, that is while the program does not read its input.</remarks>
    public unsafe void Write(ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        lock (_writeGate)
        {
            var added = false;
            try
            {
                _master.DangerousAddRef(ref added);
                var fd = (int)_master.DangerousGetHandle();
                fixed (byte* start = data)
                {
                    var offset = 0;
                    while (offset < data.Length)
                    {
                        var written = LibC.write(fd, start + offset, data.Length - offset);
                        if (written < 0)
                        {
                            var errno = Marshal.GetLastPInvokeError();
                            if (errno == LibC.EINTR)
                            {
                                continue;
                            }

                            throw new IOException($"Writing to the terminal failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
                        }

                        offset += (int)written;
                    }
                }
            }
            finally
            {
                if (added)
                {
                    _master.DangerousRelease();
                }
            }
        }
    }

    /// <summary>Writes text to the terminal as UTF-8.</summary>
    /// <param name="text">The text.</param>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    /// <exception cref="ObjectDisposedException">The terminal is closed.</exception>
    /// <exception cref="IOException">The write failed.</exception>
    public void Write(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Write(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>Writes input to the terminal without blocking the caller.</summary>
    /// <param name="data">The bytes.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests (before the write starts).</param>
    /// <returns>A task that completes when the bytes are written.</returns>
    /// <exception cref="ObjectDisposedException">The terminal is closed.</exception>
    /// <exception cref="IOException">The write failed.</exception>
    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (data.Length <= 1024)
        {
            // Small writes (keystrokes) fit in the terminal's input queue at once.
            Write(data.Span);
            return ValueTask.CompletedTask;
        }

        return new ValueTask(Task.Run(() => Write(data.Span), cancellationToken));
    }

    /// <summary>Resizes the terminal; the kernel sends <c>SIGWINCH</c> to the program's foreground process group.</summary>
    /// <param name="columns">The new width.</param>
    /// <param name="rows">The new height.</param>
    /// <exception cref="ArgumentOutOfRangeException">The size is not positive or exceeds 65535.</exception>
    /// <exception cref="ObjectDisposedException">The terminal is closed.</exception>
    public void Resize(int columns, int rows)
    {
        PtySize.Validate(columns, rows);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        lock (_sizeGate)
        {
            SetSize(_master, columns, rows);
            Columns = columns;
            Rows = rows;
        }
    }

    /// <summary>Sends a signal to the program's whole process group.</summary>
    /// <param name="signal">The signal; by default <see cref="SignalTerminate"/>.</param>
    /// <returns><see langword="true"/> if the signal was sent; <see langword="false"/> if the group no longer exists.</returns>
    /// <exception cref="Win32Exception">The signal could not be sent for another reason.</exception>
    public bool Kill(int signal = SignalTerminate)
    {
        if (HasExited)
        {
            return false;
        }

        if (LibC.kill(-ProcessId, signal) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno == LibC.ESRCH ? false : throw new Win32Exception(errno, $"kill(-{ProcessId}, {signal}) failed: {Marshal.GetPInvokeErrorMessage(errno)}");
    }

    /// <summary>Waits for the program to exit.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The exit status.</returns>
    public Task<PtyExitStatus> WaitForExitAsync(CancellationToken cancellationToken = default) => _exit.Task.WaitAsync(cancellationToken);

    /// <summary>Hangs up the program if it still runs and closes the terminal.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (!HasExited)
        {
            Kill(SignalHangUp);
            if (!_exit.Task.Wait(TimeSpan.FromMilliseconds(500)))
            {
                Kill(SignalKill);
            }
        }

        Close();
    }

    /// <summary>Hangs up the program if it still runs and closes the terminal, without blocking.</summary>
    /// <returns>A task that completes when the terminal is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (!HasExited)
        {
            Kill(SignalHangUp);
            try
            {
                await _exit.Task.WaitAsync(TimeSpan.FromMilliseconds(500)).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                Kill(SignalKill);
            }
        }

        Close();
    }

    private void Close()
    {
        _output.Writer.TryComplete();
        while (_output.Reader.TryRead(out _))
        {
            // Unblock the reading thread if it waits for room.
        }

        _master.Dispose();
    }

    private static unsafe SafeFileHandle OpenMaster(out string slavePath)
    {
        var fd = LibC.posix_openpt(LibC.O_RDWR | LibC.O_NOCTTY | LibC.O_CLOEXEC);
        if (fd < 0)
        {
            throw LastError("posix_openpt");
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            if (LibC.grantpt(fd) != 0)
            {
                throw LastError("grantpt");
            }

            if (LibC.unlockpt(fd) != 0)
            {
                throw LastError("unlockpt");
            }

            var name = stackalloc byte[256];
            var rc = LibC.ptsname_r(fd, name, 256);
            if (rc != 0)
            {
                throw new Win32Exception(rc, "ptsname_r failed: " + Marshal.GetPInvokeErrorMessage(rc));
            }

            slavePath = Marshal.PtrToStringUTF8((nint)name)!;
            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static unsafe void SetSize(SafeFileHandle master, int columns, int rows)
    {
        var size = new LibC.WinSize { Columns = (ushort)columns, Rows = (ushort)rows };
        if (LibC.ioctl((int)master.DangerousGetHandle(), LibC.TIOCSWINSZ, &size) != 0)
        {
            throw LastError("ioctl(TIOCSWINSZ)");
        }
    }

    private static unsafe int Spawn(PtyOptions options, string slavePath)
    {
        var environment = BuildEnvironment(options);
        var strings = new List<nint>();
        var actions = NativeMemory.AllocZeroed(LibC.OpaqueSize);
        var attributes = NativeMemory.AllocZeroed(LibC.OpaqueSize);
        var mask = NativeMemory.AllocZeroed(LibC.OpaqueSize);
        var defaults = NativeMemory.AllocZeroed(LibC.OpaqueSize);
        var argv = (byte**)NativeMemory.AllocZeroed((nuint)(options.Arguments.Count + 2), (nuint)sizeof(nint));
        var envp = (byte**)NativeMemory.AllocZeroed((nuint)(environment.Count + 1), (nuint)sizeof(nint));
        byte* Utf8(string text)
        {
            var p = Marshal.StringToCoTaskMemUTF8(text);
            strings.Add(p);
            return (byte*)p;
        }

        try
        {
            Check(LibC.posix_spawnattr_init(attributes), "posix_spawnattr_init");
            Check(LibC.posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init");
            _ = LibC.sigemptyset(mask);
            _ = LibC.sigfillset(defaults);
            Check(LibC.posix_spawnattr_setsigmask(attributes, mask), "posix_spawnattr_setsigmask");
            Check(LibC.posix_spawnattr_setsigdefault(attributes, defaults), "posix_spawnattr_setsigdefault");
            Check(LibC.posix_spawnattr_setflags(attributes, LibC.POSIX_SPAWN_SETSID | LibC.POSIX_SPAWN_SETSIGMASK | LibC.POSIX_SPAWN_SETSIGDEF), "posix_spawnattr_setflags");

            // The new session leader opening the slave without O_NOCTTY makes it the controlling terminal.
            Check(LibC.posix_spawn_file_actions_addopen(actions, 0, Utf8(slavePath), LibC.O_RDWR, 0), "addopen");
            Check(LibC.posix_spawn_file_actions_adddup2(actions, 0, 1), "adddup2");
            Check(LibC.posix_spawn_file_actions_adddup2(actions, 0, 2), "adddup2");
            if (options.WorkingDirectory is { } cwd)
            {
                Check(LibC.posix_spawn_file_actions_addchdir_np(actions, Utf8(Path.GetFullPath(cwd))), "addchdir_np");
            }

            TryAddCloseFrom(actions);

            argv[0] = Utf8(options.FileName);
            for (var i = 0; i < options.Arguments.Count; i++)
            {
                argv[i + 1] = Utf8(options.Arguments[i] ?? string.Empty);
            }

            for (var i = 0; i < environment.Count; i++)
            {
                envp[i] = Utf8(environment[i]);
            }

            int pid;
            var rc = LibC.posix_spawnp(&pid, argv[0], actions, attributes, argv, envp);
            if (rc == LibC.ENOENT)
            {
                throw new FileNotFoundException($"The command '{options.FileName}' was not found{(options.FileName.Contains('/', StringComparison.Ordinal) ? string.Empty : " in PATH")}.", options.FileName);
            }

            if (rc != 0)
            {
                throw new Win32Exception(rc, $"Could not start '{options.FileName}': {Marshal.GetPInvokeErrorMessage(rc)} (errno {rc}).");
            }

            return pid;
        }
        finally
        {
            _ = LibC.posix_spawn_file_actions_destroy(actions);
            _ = LibC.posix_spawnattr_destroy(attributes);
            foreach (var p in strings)
            {
                Marshal.FreeCoTaskMem(p);
            }

            NativeMemory.Free(actions);
            NativeMemory.Free(attributes);
            NativeMemory.Free(mask);
            NativeMemory.Free(defaults);
            NativeMemory.Free(argv);
            NativeMemory.Free(envp);
        }
    }

    private static unsafe void TryAddCloseFrom(void* actions)
    {
        try
        {
            // glibc >= 2.34; every descriptor we open is close-on-exec anyway, this also covers ones other code opened without it.
            _ = LibC.posix_spawn_file_actions_addclosefrom_np(actions, 3);
        }
        catch (EntryPointNotFoundException)
        {
        }
    }

    private static List<string> BuildEnvironment(PtyOptions options)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        if (options.InheritEnvironment)
        {
            foreach (System.Collections.DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
            {
                variables[(string)entry.Key] = (string?)entry.Value ?? string.Empty;
            }
        }

        variables["TERM"] = options.TermType;
        foreach (var (name, value) in options.Environment)
        {
            if (value is null)
            {
                variables.Remove(name);
            }
            else
            {
                variables[name] = value;
            }
        }

        return [.. variables.Select(v => v.Key + "=" + v.Value)];
    }

    private static void Check(int rc, string call)
    {
        if (rc != 0)
        {
            throw new Win32Exception(rc, $"{call} failed: {Marshal.GetPInvokeErrorMessage(rc)}");
        }
    }

    private static Win32Exception LastError(string call)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new Win32Exception(errno, $"{call} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
    }

    private unsafe void ReadLoop()
    {
        var buffer = new byte[ReadBufferSize];
        try
        {
            while (true)
            {
                nint read;
                var added = false;
                try
                {
                    _master.DangerousAddRef(ref added);
                    fixed (byte* p = buffer)
                    {
                        read = LibC.read((int)_master.DangerousGetHandle(), p, buffer.Length);
                    }
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
                finally
                {
                    if (added)
                    {
                        _master.DangerousRelease();
                    }
                }

                if (read < 0)
                {
                    // EIO: every slave descriptor is closed, the end of output. Anything else also ends it, as a read error.
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == LibC.EINTR)
                    {
                        continue;
                    }

                    if (errno != LibC.EIO)
                    {
                        ReadError = $"reading the terminal failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";
                    }

                    return;
                }

                if (read == 0)
                {
                    return;
                }

                var chunk = buffer.AsSpan(0, (int)read).ToArray();
                while (!_output.Writer.TryWrite(chunk))
                {
                    if (!SyncValueTask.Result(WaitToWrite()))
                    {
                        return;
                    }
                }
            }
        }
        finally
        {
            _output.Writer.TryComplete();
        }
    }

    private ValueTask<bool> WaitToWrite()
    {
        var wait = _output.Writer.WaitToWriteAsync();
        return wait.IsCompleted ? wait : new ValueTask<bool>(wait.AsTask());
    }

    private unsafe void WaitLoop()
    {
        while (true)
        {
            int status;
            var pid = LibC.waitpid(ProcessId, &status, 0);
            if (pid == ProcessId)
            {
                _exit.TrySetResult(PtyExitStatus.FromWaitStatus(status));
                return;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (pid < 0 && errno == LibC.EINTR)
            {
                continue;
            }

            // ECHILD: someone else reaped it (only if SIGCHLD was ignored at startup); the status is lost.
            _exit.TrySetResult(new PtyExitStatus(null, null));
            return;
        }
    }
}
