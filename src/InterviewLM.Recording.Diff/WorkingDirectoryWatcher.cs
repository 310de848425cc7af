using System.Text;

namespace InterviewLM.Recording.Diff;

/// <summary>Represents an optional code-channel producer that watches a working directory and records what changes on disk, for sessions recorded around a real editor.</summary>
/// <remarks>
/// <para>
/// <see cref="Start"/> records every existing file as <see cref="FileCreated"/>. After that, file system notifications
/// (debounced) and a periodic scan compare the directory with what was recorded: new files become
/// <see cref="FileCreated"/>, vanished files <see cref="FileDeleted"/>, a vanished file whose exact content reappears
/// under a new path <see cref="FileRenamed"/>, and changed content a <see cref="TextEdited"/> whose changes come from a
/// line diff (one change per changed run of lines).
/// </para>
/// <para>
/// Ignored: directories named in <see cref="WorkingDirectoryWatcherOptions.IgnoredDirectories"/>, files over
/// <see cref="WorkingDirectoryWatcherOptions.MaxFileSize"/>, files with NUL bytes (binary) and files that are not valid UTF-8.
/// Paths are relative with <c>/</c> separators. All members are thread-safe; scans never overlap.
/// </para>
/// </remarks>
public sealed class WorkingDirectoryWatcher : IDisposable
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly string _root;
    private readonly Action<SessionEvent> _record;
    private readonly WorkingDirectoryWatcherOptions _options;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, KnownFile> _known = new(StringComparer.Ordinal);
    private readonly ITimer _debounceTimer;
    private readonly ITimer _scanTimer;
    private FileSystemWatcher? _watcher;
    private int _nextFileId;
    private bool _started;
    private bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="WorkingDirectoryWatcher"/> class with the default settings.</summary>
    /// <param name="directory">The working directory to watch.</param>
    /// <param name="record">Records one event, for example <c>e => recorder.Record(e)</c>.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    public WorkingDirectoryWatcher(string directory, Action<SessionEvent> record)
        : this(directory, record, null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="WorkingDirectoryWatcher"/> class.</summary>
    /// <param name="directory">The working directory to watch.</param>
    /// <param name="record">Records one event, for example <c>e => recorder.Record(e)</c>.</param>
    /// <param name="options">The settings, or <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    public WorkingDirectoryWatcher(string directory, Action<SessionEvent> record, WorkingDirectoryWatcherOptions? options)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(record);
        _root = Path.GetFullPath(directory);
        if (!Directory.Exists(_root))
        {
            throw new DirectoryNotFoundException($"The working directory '{_root}' does not exist.");
        }

        _record = record;
        _options = options ?? new WorkingDirectoryWatcherOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(_options.MaxFileSize);
        _debounceTimer = _options.TimeProvider.CreateTimer(static s => ((WorkingDirectoryWatcher)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _scanTimer = _options.TimeProvider.CreateTimer(static s => ((WorkingDirectoryWatcher)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Initializes a new instance of the <see cref="WorkingDirectoryWatcher"/> class that records into <paramref name="recorder"/> with the default settings.</summary>
    /// <param name="directory">The working directory to watch.</param>
    /// <param name="recorder">The session recorder.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    public WorkingDirectoryWatcher(string directory, SessionRecorder recorder)
        : this(directory, recorder, null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="WorkingDirectoryWatcher"/> class that records into <paramref name="recorder"/>.</summary>
    /// <param name="directory">The working directory to watch.</param>
    /// <param name="recorder">The session recorder.</param>
    /// <param name="options">The settings, or <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    public WorkingDirectoryWatcher(string directory, SessionRecorder recorder, WorkingDirectoryWatcherOptions? options)
        : this(directory, CreateRecord(recorder), options)
    {
    }

    /// <summary>Gets the exception of the last background scan that failed, if any (background scans never throw).</summary>
    public Exception? LastError { get; private set; }

    /// <summary>Records the existing files and starts watching.</summary>
    /// <exception cref="InvalidOperationException">The watcher is already started.</exception>
    public void Start()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_started)
            {
                throw new InvalidOperationException("The watcher is already started.");
            }

            _started = true;
            ScanCore();
            if (_options.UseFileSystemWatcher)
            {
                _watcher = new FileSystemWatcher(_root)
                {
                    IncludeSubdirectories = true,
                    NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
                };
                _watcher.Created += OnChanged;
                _watcher.Changed += OnChanged;
                _watcher.Deleted += OnChanged;
                _watcher.Renamed += OnChanged;
                _watcher.Error += (_, _) => ScheduleScan();
                _watcher.EnableRaisingEvents = true;
            }

            if (_options.ScanInterval != Timeout.InfiniteTimeSpan)
            {
                _scanTimer.Change(_options.ScanInterval, _options.ScanInterval);
            }
        }
    }

    /// <summary>Scans the directory now and records every difference from what was recorded before.</summary>
    /// <returns>The number of events recorded.</returns>
    public int Scan()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return ScanCore();
        }
    }

    /// <summary>Stops watching; nothing is recorded afterwards.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _watcher?.Dispose();
        }

        _debounceTimer.Dispose();
        _scanTimer.Dispose();
    }

    private static Action<SessionEvent> CreateRecord(SessionRecorder recorder)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        return value => recorder.Record(value);
    }

    private void OnChanged(object sender, FileSystemEventArgs e)
    {
        if (!IsIgnored(Path.GetRelativePath(_root, e.FullPath)))
        {
            ScheduleScan();
        }
    }

    private void ScheduleScan()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _debounceTimer.Change(_options.Debounce, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void OnTimer()
    {
        try
        {
            lock (_gate)
            {
                if (!_disposed)
                {
                    ScanCore();
                }
            }
        }
#pragma warning disable CA1031 // A background scan must not crash the process; the error is kept for the host.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LastError = ex;
        }
    }

    private int ScanCore()
    {
        var current = ReadDirectory();
        var count = 0;
        var missing = _known.Keys.Where(path => !current.ContainsKey(path)).Order(StringComparer.Ordinal).ToList();
        var added = current.Keys.Where(path => !_known.ContainsKey(path)).Order(StringComparer.Ordinal).ToList();

        // A vanished file whose exact content shows up under a new path was moved.
        foreach (var path in added.ToList())
        {
            var match = missing.FirstOrDefault(old => string.Equals(_known[old].Content, current[path], StringComparison.Ordinal));
            if (match is null)
            {
                continue;
            }

            var file = _known[match];
            _known.Remove(match);
            _known[path] = file;
            missing.Remove(match);
            added.Remove(path);
            _record(new FileRenamed(file.FileId, path));
            count++;
        }

        foreach (var path in missing)
        {
            _record(new FileDeleted(_known[path].FileId));
            _known.Remove(path);
            count++;
        }

        foreach (var path in added)
        {
            var file = new KnownFile("file" + (++_nextFileId).ToString(System.Globalization.CultureInfo.InvariantCulture), current[path]);
            _record(new FileCreated(file.FileId, path, null, file.Content));
            _known[path] = file;
            count++;
        }

        foreach (var (path, file) in _known.OrderBy(static p => p.Key, StringComparer.Ordinal))
        {
            var content = current[path];
            if (string.Equals(content, file.Content, StringComparison.Ordinal))
            {
                continue;
            }

            var changes = LineDiff.ToTextChanges(LineDiff.Create(file.Content, content), file.Content);
            _record(new TextEdited(file.FileId, changes.ToArray()));
            file.Content = content;
            count++;
        }

        return count;
    }

    private Dictionary<string, string> ReadDirectory()
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        var pending = new Stack<string>();
        pending.Push(_root);
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            IEnumerable<FileSystemInfo> entries;
            try
            {
                entries = new DirectoryInfo(directory).EnumerateFileSystemInfos().ToList();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var entry in entries)
            {
                if (entry.LinkTarget is not null)
                {
                    continue;
                }

                if (entry is DirectoryInfo)
                {
                    if (!_options.IgnoredDirectories.Contains(entry.Name))
                    {
                        pending.Push(entry.FullName);
                    }

                    continue;
                }

                var relative = Path.GetRelativePath(_root, entry.FullName).Replace(Path.DirectorySeparatorChar, '/');
                var content = TryRead((FileInfo)entry);
                if (content is not null)
                {
                    files[relative] = content;
                }
                else if (_known.TryGetValue(relative, out var known) && File.Exists(entry.FullName) && ((FileInfo)entry).Length <= _options.MaxFileSize)
                {
                    // Locked or mid-write: keep what was recorded and look again next scan.
                    files[relative] = known.Content;
                }
            }
        }

        return files;
    }

    private string? TryRead(FileInfo file)
    {
        try
        {
            if (file.Length > _options.MaxFileSize)
            {
                return null;
            }

            var bytes = File.ReadAllBytes(file.FullName);
            if (bytes.Length > _options.MaxFileSize || bytes.AsSpan().Contains((byte)0))
            {
                return null;
            }

            return StrictUtf8.GetString(bytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DecoderFallbackException)
        {
            return null;
        }
    }

    private bool IsIgnored(string relativePath)
    {
        foreach (var part in relativePath.Split(Path.DirectorySeparatorChar))
        {
            if (_options.IgnoredDirectories.Contains(part))
            {
                return true;
            }
        }

        return false;
    }

    private sealed class KnownFile(string fileId, string content)
    {
        public string FileId { get; } = fileId;

        public string Content { get; set; } = content;
    }
}
