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
    private readonly KeyframingBlockWriter _blocks;
    private bool _metadataWritten;
    private bool _completed;
    private bool _disposed;

    private SessionDirectorySink(string path, SessionDirectoryOptions options)
    {
        _path = path;
        _options = options;
        _events = new FileStream(System.IO.Path.Combine(path, options.Codec.FileName), FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1, FileOptions.Asynchronous);
        _writer = options.Codec.CreateWriter(_events);
        _blocks = new KeyframingBlockWriter(_writer, options.Keyframes?.Invoke(), _statistics);
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

        await _blocks.WriteAsync(block, _options.DurableWrites ? () => _events.Flush(flushToDisk: true) : null, cancellationToken).ConfigureAwait(false);

        if (!_metadataWritten)
        {
            await WriteMetadataAsync(SessionStatus.Active, cancellationToken).ConfigureAwait(false);
            _metadataWritten = true;
        }
    }

    /// <summary>Writes a keyframe made elsewhere (a conversion carrying a session's keyframes over) after the events written so far.</summary>
    /// <param name="nextSequence">The sequence number of the first event after the keyframe.</param>
    /// <param name="time">The time of the last event folded into it.</param>
    /// <param name="state">The serialized state.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the block is written.</returns>
    /// <exception cref="InvalidOperationException">The sink places its own keyframes (<see cref="SessionDirectoryOptions.Keyframes"/> is set).</exception>
    public async ValueTask WriteKeyframeAsync(long nextSequence, TimeSpan time, ReadOnlyMemory<byte> state, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_options.Keyframes is not null)
        {
            throw new InvalidOperationException("This sink places its own keyframes; it does not take keyframes made elsewhere.");
        }

        await _blocks.WriteKeyframeAsync(nextSequence, time, state, cancellationToken).ConfigureAwait(false);
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
        var eventsLength = _events.Length;
        await _writer.DisposeAsync().ConfigureAwait(false);
        await _events.DisposeAsync().ConfigureAwait(false);
        _completed = true;

        var index = new SessionIndex(SessionIndex.CurrentVersion, _statistics.EventCount, _statistics.Checkpoints, _blocks.Blocks) { EventsLength = eventsLength };
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
