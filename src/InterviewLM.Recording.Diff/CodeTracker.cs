namespace InterviewLM.Recording.Diff;

/// <summary>Represents the code channel's producer: it keeps every open file's content, records its edits, and takes "git-like" snapshots by a time policy.</summary>
/// <remarks>
/// <para>
/// Each file gets a <see cref="CodeSnapshot"/> with its full content when it is created. After that, the first edit
/// since a snapshot starts the clock: <see cref="CodeTrackerOptions.SnapshotInterval"/> later (or at the next edit after
/// that moment) a snapshot records the content hash and the line diff from the previous snapshot; one snapshot in every
/// <see cref="CodeTrackerOptions.FullContentInterval"/> also carries the full content, and so does every file's snapshot
/// at <see cref="Complete"/>. Every <see cref="TextEdited"/> carries the hash of the snapshot it follows.
/// </para>
/// <para>All members are thread-safe; events are handed to the recording callback in order, under one lock.</para>
/// </remarks>
public sealed class CodeTracker : IDisposable
{
    private readonly Action<SessionEvent> _record;
    private readonly TimeSpan _snapshotInterval;
    private readonly TimeSpan _fullContentInterval;
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, TrackedFile> _files = new(StringComparer.Ordinal);
    private long _armedAt = long.MaxValue;
    private bool _completed;
    private bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="CodeTracker"/> class that hands its events to <paramref name="record"/>, with the default snapshot policy.</summary>
    /// <param name="record">Records one event, for example <c>e => recorder.Record(e)</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is <see langword="null"/>.</exception>
    public CodeTracker(Action<SessionEvent> record)
        : this(record, null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="CodeTracker"/> class that hands its events to <paramref name="record"/>.</summary>
    /// <param name="record">Records one event, for example <c>e => recorder.Record(e)</c>.</param>
    /// <param name="options">The snapshot policy, or <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public CodeTracker(Action<SessionEvent> record, CodeTrackerOptions? options)
    {
        ArgumentNullException.ThrowIfNull(record);
        options ??= new CodeTrackerOptions();
        options.Validate();
        _record = record;
        _snapshotInterval = options.SnapshotInterval;
        _fullContentInterval = options.FullContentInterval;
        _time = options.TimeProvider;
        _timer = _time.CreateTimer(static state => ((CodeTracker)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Initializes a new instance of the <see cref="CodeTracker"/> class that records into <paramref name="recorder"/> with the default snapshot policy.</summary>
    /// <param name="recorder">The session recorder.</param>
    /// <exception cref="ArgumentNullException"><paramref name="recorder"/> is <see langword="null"/>.</exception>
    public CodeTracker(SessionRecorder recorder)
        : this(recorder, null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="CodeTracker"/> class that records into <paramref name="recorder"/>.</summary>
    /// <param name="recorder">The session recorder.</param>
    /// <param name="options">The snapshot policy, or <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="recorder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public CodeTracker(SessionRecorder recorder, CodeTrackerOptions? options)
        : this(CreateRecord(recorder), options)
    {
    }

    /// <summary>Starts tracking a file: records <see cref="FileCreated"/> and its first, full snapshot.</summary>
    /// <param name="fileId">The stable file identifier.</param>
    /// <param name="path">The workspace-relative path.</param>
    /// <param name="language">The language identifier, if known.</param>
    /// <param name="initialContent">The content the file starts with.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The file is already tracked.</exception>
    public void CreateFile(string fileId, string path, string? language = null, string initialContent = "")
    {
        ArgumentException.ThrowIfNullOrEmpty(fileId);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(initialContent);
        lock (_gate)
        {
            ThrowIfClosed();
            if (_files.ContainsKey(fileId))
            {
                throw new ArgumentException($"File '{fileId}' is already tracked.", nameof(fileId));
            }

            _record(new FileCreated(fileId, path, language, initialContent));
            var file = new TrackedFile(fileId, initialContent);
            _files.Add(fileId, file);
            TakeSnapshot(file, _time.GetTimestamp(), full: true);
        }
    }

    /// <summary>Records one change to a file (see <see cref="Edit(string, IReadOnlyList{TextChange})"/>).</summary>
    /// <param name="fileId">The file.</param>
    /// <param name="change">The change.</param>
    public void Edit(string fileId, TextChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        Edit(fileId, [change]);
    }

    /// <summary>Records one editor change event: the changes refer to the content before the event, as Monaco reports them.</summary>
    /// <param name="fileId">The file.</param>
    /// <param name="changes">The changes, at least one.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The file is not tracked, there are no changes, or they overlap or split a surrogate pair.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A change is outside the document.</exception>
    public void Edit(string fileId, IReadOnlyList<TextChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0)
        {
            throw new ArgumentException("An edit needs at least one change.", nameof(changes));
        }

        lock (_gate)
        {
            ThrowIfClosed();
            var file = Get(fileId);
            var now = _time.GetTimestamp();
            if (file.DueAt <= now)
            {
                TakeDueSnapshot(file, now);
            }

            file.Document.Apply(changes);
            _record(new TextEdited(fileId, changes.ToArray(), file.SnapshotHash));
            if (file.DueAt == long.MaxValue)
            {
                file.DueAt = now + ToTicks(_snapshotInterval);
                Arm(file.DueAt, now);
            }
        }
    }

    /// <summary>Records that a file moved.</summary>
    /// <param name="fileId">The file.</param>
    /// <param name="newPath">The new workspace-relative path.</param>
    /// <exception cref="ArgumentException">The file is not tracked or the path is empty.</exception>
    public void Rename(string fileId, string newPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(newPath);
        lock (_gate)
        {
            ThrowIfClosed();
            Get(fileId);
            _record(new FileRenamed(fileId, newPath));
        }
    }

    /// <summary>Records that a file was deleted and stops tracking it.</summary>
    /// <param name="fileId">The file.</param>
    /// <exception cref="ArgumentException">The file is not tracked.</exception>
    public void Delete(string fileId)
    {
        lock (_gate)
        {
            ThrowIfClosed();
            Get(fileId);
            _files.Remove(fileId);
            _record(new FileDeleted(fileId));
        }
    }

    /// <summary>Gets a tracked file's current content.</summary>
    /// <param name="fileId">The file.</param>
    /// <returns>The content.</returns>
    /// <exception cref="ArgumentException">The file is not tracked.</exception>
    public string GetContent(string fileId)
    {
        lock (_gate)
        {
            return Get(fileId).Document.GetText();
        }
    }

    /// <summary>Gets the content hash of a file's latest snapshot, the <see cref="TextEdited.BaseHash"/> of its next edit.</summary>
    /// <param name="fileId">The file.</param>
    /// <returns>The hash.</returns>
    /// <exception cref="ArgumentException">The file is not tracked.</exception>
    public string GetSnapshotHash(string fileId)
    {
        lock (_gate)
        {
            return Get(fileId).SnapshotHash;
        }
    }

    /// <summary>Takes every snapshot that is due now; the tracker's timer calls this itself.</summary>
    public void TakeDueSnapshots()
    {
        lock (_gate)
        {
            if (_completed || _disposed)
            {
                return;
            }

            var now = _time.GetTimestamp();
            var next = long.MaxValue;
            foreach (var file in _files.Values)
            {
                if (file.DueAt <= now)
                {
                    TakeDueSnapshot(file, now);
                }

                next = Math.Min(next, file.DueAt);
            }

            _armedAt = long.MaxValue;
            if (next != long.MaxValue)
            {
                Arm(next, now);
            }
        }
    }

    /// <summary>Ends tracking at session end: every file whose last snapshot is not its current full content gets a full snapshot.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            if (_completed)
            {
                return;
            }

            ObjectDisposedException.ThrowIf(_disposed, this);
            var now = _time.GetTimestamp();
            foreach (var file in _files.Values)
            {
                if (file.DueAt != long.MaxValue || !file.LastSnapshotFull)
                {
                    TakeSnapshot(file, now, full: true);
                }
            }

            _completed = true;
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Stops the snapshot timer; it does not take the final snapshots (call <see cref="Complete"/> for that).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        _timer.Dispose();
    }

    private static Action<SessionEvent> CreateRecord(SessionRecorder recorder)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        return value => recorder.Record(value);
    }

    private long ToTicks(TimeSpan span) => (long)(span.Ticks * (double)_time.TimestampFrequency / TimeSpan.TicksPerSecond);

    private void OnTimer() => TakeDueSnapshots();

    private void Arm(long dueAt, long now)
    {
        if (dueAt >= _armedAt)
        {
            return;
        }

        _armedAt = dueAt;
        var delay = TimeSpan.FromSeconds(Math.Max(0, dueAt - now) / (double)_time.TimestampFrequency);
        _timer.Change(delay, Timeout.InfiniteTimeSpan);
    }

    private void TakeDueSnapshot(TrackedFile file, long now)
    {
        var full = file.LastFullAt == long.MinValue || now - file.LastFullAt >= ToTicks(_fullContentInterval);
        TakeSnapshot(file, now, full);
    }

    private void TakeSnapshot(TrackedFile file, long now, bool full)
    {
        file.DueAt = long.MaxValue;
        var content = file.Document.GetText();
        if (!full && string.Equals(content, file.SnapshotText, StringComparison.Ordinal))
        {
            return;
        }

        var diff = file.SnapshotHash.Length == 0 ? EquatableArray<LineDiffOperation>.Empty : LineDiff.Create(file.SnapshotText, content);
        var hash = ContentHasher.Hash(content);
        _record(new CodeSnapshot(file.FileId, hash, diff, full ? content : null));
        file.SnapshotText = content;
        file.SnapshotHash = hash;
        file.LastSnapshotFull = full;
        if (full)
        {
            file.LastFullAt = now;
        }
    }

    private TrackedFile Get(string fileId)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileId);
        return _files.TryGetValue(fileId, out var file) ? file : throw new ArgumentException($"File '{fileId}' is not tracked (create it first).", nameof(fileId));
    }

    private void ThrowIfClosed()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed)
        {
            throw new InvalidOperationException("The tracker is completed.");
        }
    }

    private sealed class TrackedFile(string fileId, string content)
    {
        public string FileId { get; } = fileId;

        public TextDocument Document { get; } = new(content);

        public string SnapshotText { get; set; } = string.Empty;

        public string SnapshotHash { get; set; } = string.Empty;

        public bool LastSnapshotFull { get; set; }

        public long LastFullAt { get; set; } = long.MinValue;

        public long DueAt { get; set; } = long.MaxValue;
    }
}
