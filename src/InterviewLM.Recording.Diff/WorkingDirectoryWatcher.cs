using System.Security.Cryptography;
using System.Text;

namespace InterviewLM.Recording.Diff;

/// <summary>Represents a code-channel producer that watches a working directory and records what changes on disk, for sessions recorded around a real editor.</summary>
/// <remarks>
/// <para>
/// The watcher records through a <see cref="CodeTracker"/>: <see cref="Start"/> records every existing file as
/// <see cref="FileCreated"/> with a full <see cref="CodeSnapshot"/>. After that, file system notifications (after
/// <see cref="WorkingDirectoryWatcherOptions.Debounce"/>) and a periodic scan compare the directory with what was
/// recorded: new files become <see cref="FileCreated"/>, vanished files <see cref="FileDeleted"/>, a vanished file whose
/// exact content reappears under a new path <see cref="FileRenamed"/>, and changed content a <see cref="TextEdited"/>
/// whose changes come from a line diff (one change per changed run of lines), with the tracker's snapshots and hashes.
/// A file that appears or vanishes is recorded only once the directory has stayed so for
/// <see cref="WorkingDirectoryWatcherOptions.SettleDelay"/>: an editor that saves by writing a temporary file and renaming it
/// over the original (or by moving the original aside first, as vim does) shows as one modification of the file.
/// <see cref="Complete"/> scans a last time and records every file's final full snapshot.
/// </para>
/// <para>
/// What is recorded: directories in <see cref="WorkingDirectoryWatcherOptions.IgnoredDirectories"/> and files matching
/// <see cref="WorkingDirectoryWatcherOptions.IgnoredFilePatterns"/> are ignored, and so is what <c>.gitignore</c> files
/// (at any level; <c>*</c>, <c>?</c>, <c>[…]</c>, <c>**</c>, a leading <c>/</c>, a trailing <c>/</c>, <c>!</c>) exclude:
/// ignored files are not part of the workspace. A file over <see cref="WorkingDirectoryWatcherOptions.MaxFileSize"/>, or
/// binary (a NUL byte in its first 8 KiB, or not valid UTF-8), is recorded as <see cref="FileSkipped"/> with its size and
/// SHA-256, again whenever either changes. Symbolic links are not followed. Paths are relative with <c>/</c> separators,
/// after <see cref="WorkingDirectoryWatcherOptions.PathPrefix"/>; a file's identifier is its path when it was first
/// recorded (with <c>#2</c>, <c>#3</c>… if that was taken). All members are thread-safe; scans never overlap.
/// </para>
/// </remarks>
public sealed class WorkingDirectoryWatcher : IDisposable
{
    private const int BinaryProbeLength = 8 * 1024;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly string _root;
    private readonly Action<SessionEvent> _record;
    private readonly WorkingDirectoryWatcherOptions _options;
    private readonly GitIgnorePattern[] _ignoredFilePatterns;
    private readonly HashSet<string> _excluded;
    private readonly CodeTracker _tracker;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, KnownFile> _known = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SkippedFile> _skipped = new(StringComparer.Ordinal);
    private readonly HashSet<string> _usedIds = new(StringComparer.Ordinal);
    private readonly ITimer _debounceTimer;
    private readonly ITimer _scanTimer;
    private FileSystemWatcher? _watcher;
    private volatile HashSet<string> _ignoredDirectories = new(StringComparer.Ordinal);
    private long _scanDueAt = long.MaxValue;
    private string? _pendingShape;
    private long _pendingSince;
    private long _firstDeferredAt = long.MaxValue;
    private bool _started;
    private bool _completed;
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
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
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
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.Debounce, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.SettleDelay, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(_options.PathPrefix);
        ArgumentNullException.ThrowIfNull(_options.TimeProvider);
        _excluded = _options.ExcludedPaths.Select(static p => Path.TrimEndingDirectorySeparator(Path.GetFullPath(p))).ToHashSet(StringComparer.Ordinal);
        _ignoredFilePatterns = _options.IgnoredFilePatterns.Select(GitIgnorePattern.Parse).OfType<GitIgnorePattern>().ToArray();
        var snapshots = _options.Snapshots;
        _tracker = new CodeTracker(record, new CodeTrackerOptions
        {
            SnapshotInterval = snapshots?.SnapshotInterval ?? new CodeTrackerOptions().SnapshotInterval,
            FullContentInterval = snapshots?.FullContentInterval ?? new CodeTrackerOptions().FullContentInterval,
            TimeProvider = _options.TimeProvider,
        });
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
            ThrowIfClosed();
            if (_started)
            {
                throw new InvalidOperationException("The watcher is already started.");
            }

            _started = true;
            ScanCore(settle: false);
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
                _watcher.Error += (_, _) => ScheduleScan(_options.Debounce);
                _watcher.EnableRaisingEvents = true;
            }

            if (_options.ScanInterval != Timeout.InfiniteTimeSpan)
            {
                _scanTimer.Change(_options.ScanInterval, _options.ScanInterval);
            }
        }
    }

    /// <summary>Scans the directory now and records every difference from what was recorded before, without waiting for it to settle.</summary>
    /// <returns>The number of changes recorded (files created, edited, renamed, deleted or skipped).</returns>
    public int Scan()
    {
        lock (_gate)
        {
            ThrowIfClosed();
            return ScanCore(settle: false);
        }
    }

    /// <summary>Stops watching, scans a last time and records every file's final full snapshot (<see cref="CodeTracker.Complete"/>); call it before the session completes.</summary>
    /// <returns>The number of changes the last scan recorded.</returns>
    public int Complete()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_completed)
            {
                return 0;
            }

            _watcher?.Dispose();
            _watcher = null;
            _scanTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _debounceTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            var count = ScanCore(settle: false);
            _completed = true;
            _tracker.Complete();
            return count;
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
        _tracker.Dispose();
    }

    private static Action<SessionEvent> CreateRecord(SessionRecorder recorder)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        return value => recorder.Record(value);
    }

    private void ThrowIfClosed()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed)
        {
            throw new InvalidOperationException("The watcher is completed.");
        }
    }

    private void OnChanged(object sender, FileSystemEventArgs e)
    {
        if (!IsExcluded(e.FullPath) && !IsInIgnoredDirectory(Path.GetRelativePath(_root, e.FullPath).Replace(Path.DirectorySeparatorChar, '/')))
        {
            ScheduleScan(_options.Debounce);
        }
    }

    // A scan is due `delay` from now unless one is due sooner: notifications never postpone a scan, so a directory that
    // changes all the time is still scanned every Debounce.
    private void ScheduleScan(TimeSpan delay)
    {
        lock (_gate)
        {
            if (_disposed || _completed)
            {
                return;
            }

            var time = _options.TimeProvider;
            var dueAt = time.GetTimestamp() + (long)(delay.TotalSeconds * time.TimestampFrequency);
            if (dueAt < _scanDueAt)
            {
                _scanDueAt = dueAt;
                _debounceTimer.Change(delay, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void OnTimer()
    {
        try
        {
            lock (_gate)
            {
                if (!_disposed && !_completed)
                {
                    _scanDueAt = long.MaxValue;
                    ScanCore(settle: true);
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

    private int ScanCore(bool settle)
    {
        var (texts, skipped) = ReadDirectory();
        var missing = _known.Keys.Where(path => !texts.ContainsKey(path)).Order(StringComparer.Ordinal).ToList();
        var added = texts.Keys.Where(path => !_known.ContainsKey(path)).Order(StringComparer.Ordinal).ToList();
        var newSkips = skipped.Where(p => !_skipped.TryGetValue(p.Key, out var old) || old != p.Value).OrderBy(static p => p.Key, StringComparer.Ordinal).ToList();
        var count = 0;

        // Edits to files that are there before and after apply at once.
        foreach (var (path, file) in _known.Where(p => texts.ContainsKey(p.Key)).OrderBy(static p => p.Key, StringComparer.Ordinal).ToList())
        {
            var content = texts[path];
            if (string.Equals(content, file.Content, StringComparison.Ordinal))
            {
                continue;
            }

            var changes = LineDiff.ToTextChanges(LineDiff.Create(file.Content, content), file.Content);
            _tracker.Edit(file.FileId, changes);
            file.Content = content;
            count++;
        }

        if (missing.Count + added.Count + newSkips.Count == 0)
        {
            ClearPending();
            ForgetVanishedSkips(skipped);
            return count;
        }

        if (settle && Defer(string.Join('\n', missing.Select(p => "-" + p).Concat(added.Select(p => "+" + p)).Concat(newSkips.Select(p => "?" + p.Key)))))
        {
            return count;
        }

        ClearPending();

        // A vanished file whose exact content shows up under a new path was moved.
        foreach (var path in added.ToList())
        {
            var match = missing.FirstOrDefault(old => string.Equals(_known[old].Content, texts[path], StringComparison.Ordinal));
            if (match is null)
            {
                continue;
            }

            var file = _known[match];
            _known.Remove(match);
            _known[path] = file;
            missing.Remove(match);
            added.Remove(path);
            _tracker.Rename(file.FileId, _options.PathPrefix + path);
            count++;
        }

        foreach (var path in missing)
        {
            _tracker.Delete(_known[path].FileId);
            _known.Remove(path);
            count++;
        }

        foreach (var path in added)
        {
            var file = new KnownFile(NewFileId(_options.PathPrefix + path), texts[path]);
            _tracker.CreateFile(file.FileId, _options.PathPrefix + path, language: null, file.Content);
            _known[path] = file;
            count++;
        }

        foreach (var (path, file) in newSkips)
        {
            _record(new FileSkipped(_options.PathPrefix + path, file.Size, file.Hash, file.Reason));
            _skipped[path] = file;
            count++;
        }

        ForgetVanishedSkips(skipped);
        return count;
    }

    // Whether a background scan leaves files that appeared or vanished for later: until the same set has stayed for
    // SettleDelay, and for at most 10 × SettleDelay (a directory that never settles is still recorded).
    private bool Defer(string shape)
    {
        var time = _options.TimeProvider;
        var now = time.GetTimestamp();
        var settle = (long)(_options.SettleDelay.TotalSeconds * time.TimestampFrequency);
        if (!string.Equals(shape, _pendingShape, StringComparison.Ordinal))
        {
            _pendingShape = shape;
            _pendingSince = now;
            _firstDeferredAt = Math.Min(_firstDeferredAt, now);
        }

        if (now - _pendingSince >= settle || now - _firstDeferredAt >= 10 * settle)
        {
            return false;
        }

        ScheduleScan(TimeSpan.FromSeconds((settle - (now - _pendingSince)) / (double)time.TimestampFrequency));
        return true;
    }

    private void ClearPending()
    {
        _pendingShape = null;
        _firstDeferredAt = long.MaxValue;
    }

    private void ForgetVanishedSkips(Dictionary<string, SkippedFile> skipped)
    {
        foreach (var path in _skipped.Keys.Where(path => !skipped.ContainsKey(path)).ToList())
        {
            _skipped.Remove(path);
        }
    }

    private string NewFileId(string path)
    {
        var id = path;
        for (var n = 2; !_usedIds.Add(id); n++)
        {
            id = path + "#" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return id;
    }

    private (Dictionary<string, string> Texts, Dictionary<string, SkippedFile> Skipped) ReadDirectory()
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        var skipped = new Dictionary<string, SkippedFile>(StringComparer.Ordinal);
        var ignoredDirectories = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<(string FullPath, string Relative, GitIgnoreRules Rules)>();
        pending.Push((_root, string.Empty, GitIgnoreRules.Empty));
        while (pending.Count > 0)
        {
            var (directory, relativeDirectory, rules) = pending.Pop();
            List<FileSystemInfo> entries;
            try
            {
                entries = new DirectoryInfo(directory).EnumerateFileSystemInfos().ToList();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            if (_options.UseGitIgnore && entries.OfType<FileInfo>().FirstOrDefault(static f => f.Name == ".gitignore" && f.LinkTarget is null) is { } gitIgnore)
            {
                try
                {
                    rules = rules.With(relativeDirectory, File.ReadAllLines(gitIgnore.FullName));
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // Unreadable for now (being written): the next scan reads it.
                }
            }

            foreach (var entry in entries)
            {
                if (entry.LinkTarget is not null)
                {
                    continue;
                }

                if (_excluded.Contains(entry.FullName))
                {
                    continue;
                }

                var relative = relativeDirectory.Length == 0 ? entry.Name : relativeDirectory + "/" + entry.Name;
                if (entry is DirectoryInfo)
                {
                    if (_options.IgnoredDirectories.Contains(entry.Name) || rules.IsIgnored(relative, isDirectory: true))
                    {
                        ignoredDirectories.Add(relative);
                    }
                    else
                    {
                        pending.Push((entry.FullName, relative, rules));
                    }

                    continue;
                }

                if (_ignoredFilePatterns.Any(p => p.IsMatch(entry.Name, isDirectory: false)) || rules.IsIgnored(relative, isDirectory: false))
                {
                    continue;
                }

                switch (TryRead((FileInfo)entry, relative))
                {
                    case (string content, _):
                        texts[relative] = content;
                        break;
                    case (null, { } skip):
                        skipped[relative] = skip;
                        break;
                    default:
                        if (_known.TryGetValue(relative, out var known) && File.Exists(entry.FullName))
                        {
                            // Locked or mid-write: keep what was recorded and look again next scan.
                            texts[relative] = known.Content;
                        }
                        else if (_skipped.TryGetValue(relative, out var skippedBefore) && File.Exists(entry.FullName))
                        {
                            skipped[relative] = skippedBefore;
                        }

                        break;
                }
            }
        }

        _ignoredDirectories = ignoredDirectories;
        return (texts, skipped);
    }

    private (string? Content, SkippedFile? Skipped) TryRead(FileInfo file, string relative)
    {
        try
        {
            if (file.Length > _options.MaxFileSize)
            {
                // Hashing a big file is costly: hash it again only when its size or time stamp changed.
                if (_skipped.TryGetValue(relative, out var before) && before.Size == file.Length && before.LastWriteUtc == file.LastWriteTimeUtc)
                {
                    return (null, before);
                }

                using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
                var digest = SHA256.HashData(stream);
                return (null, new SkippedFile(stream.Length, Convert.ToHexStringLower(digest), FileSkipped.TooLargeReason, file.LastWriteTimeUtc));
            }

            var bytes = File.ReadAllBytes(file.FullName);
            if (bytes.Length > _options.MaxFileSize)
            {
                return (null, Skip(bytes, FileSkipped.TooLargeReason, file));
            }

            if (bytes.AsSpan(0, Math.Min(bytes.Length, BinaryProbeLength)).Contains((byte)0))
            {
                return (null, Skip(bytes, FileSkipped.BinaryReason, file));
            }

            try
            {
                return (StrictUtf8.GetString(bytes), null);
            }
            catch (DecoderFallbackException)
            {
                return (null, Skip(bytes, FileSkipped.BinaryReason, file));
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, null);
        }

        static SkippedFile Skip(byte[] bytes, string reason, FileInfo file) => new(bytes.Length, ContentHasher.Hash(bytes), reason, file.LastWriteTimeUtc);
    }

    private bool IsExcluded(string fullPath)
    {
        foreach (var excluded in _excluded)
        {
            if (fullPath.StartsWith(excluded, StringComparison.Ordinal) && (fullPath.Length == excluded.Length || fullPath[excluded.Length] == Path.DirectorySeparatorChar))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsInIgnoredDirectory(string relativePath)
    {
        var parts = relativePath.Split('/');
        for (var i = 0; i < parts.Length - 1; i++)
        {
            if (_options.IgnoredDirectories.Contains(parts[i]))
            {
                return true;
            }
        }

        var ignored = _ignoredDirectories;
        for (var end = relativePath.IndexOf('/', StringComparison.Ordinal); end > 0; end = relativePath.IndexOf('/', end + 1))
        {
            if (ignored.Contains(relativePath[..end]))
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

    /// <summary>What was recorded of a skipped file; the time stamp only decides whether to hash it again, so it is not part of what changed.</summary>
    private sealed record SkippedFile(long Size, string Hash, string Reason, DateTime LastWriteUtc)
    {
        public bool Equals(SkippedFile? other) => other is not null && Size == other.Size && Hash == other.Hash && Reason == other.Reason;

        public override int GetHashCode() => HashCode.Combine(Size, Hash, Reason);
    }
}
