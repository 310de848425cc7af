namespace InterviewLM.Recording.Storage;

/// <summary>Represents the sink that records a session into a directory: it appends blocks to the events file and finalizes the directory on completion.</summary>
/// <remarks>
/// <c>metadata.json</c> is written with status <c>active</c> when the first block arrives and rewritten with status
/// <c>completed</c> last, after the index and the projections, so a directory that says <c>completed</c> is whole.
/// </remarks>
public sealed class SessionDirectorySink : IEventSink
{
    private readonly string _path;
    private readonly SessionDirectoryOptions _options;
    private readonly FileStream _events;
    private readonly IEventBlockWriter _writer;
    private readonly SessionStatistics _statistics = new();
    private readonly List<BlockLocation> _blocks = [];
    private bool _metadataWritten;
    private bool _completed;
    private bool _disposed;

    private SessionDirectorySink(string path, SessionDirectoryOptions options)
    {
        _path = path;
        _options = options;
        _events = new FileStream(System.IO.Path.Combine(path, options.Codec.FileName), FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1, FileOptions.Asynchronous);
        _writer = options.Codec.CreateWriter(_events);
    }

    /// <summary>Gets the session directory.</summary>
    public string Path => _path;

    internal static SessionDirectorySink Create(string path, SessionDirectoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options.Codec);
        if (Directory.Exists(path) && Directory.EnumerateFileSystemEntries(path).Any())
        {
            throw new IOException($"'{path}' already exists and is not empty; a session is recorded into a new directory.");
        }

        Directory.CreateDirectory(path);
        return new SessionDirectorySink(path, options);
    }

    /// <inheritdoc/>
    public async ValueTask WriteAsync(ReadOnlyMemory<RecordedEvent> block, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (block.IsEmpty)
        {
            return;
        }

        var location = await _writer.WriteBlockAsync(block, cancellationToken).ConfigureAwait(false);
        if (_options.DurableWrites)
        {
            _events.Flush(flushToDisk: true);
        }

        _blocks.Add(location);
        _statistics.BeginBlock(location.Offset);
        foreach (var recorded in block.Span)
        {
            _statistics.Add(recorded);
        }

        if (!_metadataWritten)
        {
            await WriteMetadataAsync(SessionStatus.Active, cancellationToken).ConfigureAwait(false);
            _metadataWritten = true;
        }
    }

    /// <inheritdoc/>
    public async ValueTask CompleteAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed)
        {
            return;
        }

        await _writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        _events.Flush(flushToDisk: true);
        await _writer.DisposeAsync().ConfigureAwait(false);
        await _events.DisposeAsync().ConfigureAwait(false);
        _completed = true;

        var index = new SessionIndex(SessionIndex.CurrentVersion, _statistics.EventCount, _statistics.Checkpoints, _blocks);
        await WriteAtomicallyAsync(SessionDirectory.IndexFileName, SessionJson.WriteIndex(index), cancellationToken).ConfigureAwait(false);
        var session = SessionDirectory.Open(_path, EventCodecs.Default.With(_options.Codec));
        // Projections write different files from their own reads of the stream, so they run side by side.
        await Task.WhenAll(_options.Projections.Select(p => p.WriteAsync(session, cancellationToken))).ConfigureAwait(false);

        await WriteMetadataAsync(SessionStatus.Completed, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_completed)
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
            await _events.DisposeAsync().ConfigureAwait(false);
        }
    }

    private Task WriteMetadataAsync(SessionStatus status, CancellationToken cancellationToken)
    {
        var started = _statistics.StartedAt ?? _options.TimeProvider.GetUtcNow();
        var metadata = new SessionMetadata
        {
            SessionId = _statistics.SessionId ?? "unknown",
            AssessmentId = _options.AssessmentId,
            CandidateId = _options.CandidateId,
            StartTime = started,
            EndTime = status == SessionStatus.Completed ? started + _statistics.Duration : null,
            Duration = status == SessionStatus.Completed ? _statistics.Duration : null,
            Status = status,
            Codec = _options.Codec.Name,
            EventCount = _statistics.EventCount,
            Files = _statistics.BuildFiles(),
            TotalClaudeInteractions = _statistics.ClaudeInteractions,
            TotalKeystrokes = _statistics.Keystrokes,
            Environment = new Dictionary<string, string>(_options.Environment, StringComparer.Ordinal),
        };
        return WriteAtomicallyAsync(SessionDirectory.MetadataFileName, SessionJson.WriteMetadata(metadata), cancellationToken);
    }

    private async Task WriteAtomicallyAsync(string name, byte[] content, CancellationToken cancellationToken)
    {
        var target = System.IO.Path.Combine(_path, name);
        var temporary = target + ".tmp";
        await File.WriteAllBytesAsync(temporary, content, cancellationToken).ConfigureAwait(false);
        File.Move(temporary, target, overwrite: true);
    }
}
