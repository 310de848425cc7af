namespace InterviewLM.Recording.Storage;

/// <summary>Represents the innermost sink of a recording pipeline: it encodes blocks with the codec, appends them to the events object and finalizes the session.</summary>
/// <remarks>
/// <para>
/// <c>metadata.json</c> is written with status <c>active</c> when the first block arrives and rewritten with status
/// <c>completed</c> last, after the events object is finished and <c>index.json</c> is written, so a session that says
/// <c>completed</c> is whole. The layers above it (projections, keyframes) write their objects before they complete it.
/// </para>
/// <para>Completion reads nothing back: the index and the metadata come from the totals folded as blocks pass (<see cref="Summary"/>).</para>
/// </remarks>
public sealed class SessionStorageSink : IEventSink, IKeyframeSink
{
    private readonly ISessionObjects _objects;
    private readonly SessionStorageOptions _options;
    private readonly Stream _events;
    private readonly IEventBlockWriter _writer;
    private readonly SessionIndexBuilder _index = new();
    private readonly StorageInstruments? _metrics;
    private bool _metadataWritten;
    private bool _completed;
    private bool _disposed;

    private SessionStorageSink(ISessionObjects objects, SessionStorageOptions options, Stream events)
    {
        _objects = objects;
        _options = options;
        _events = events;
        _writer = options.Codec.CreateWriter(events);
        _metrics = options.MeterFactory is { } meterFactory ? StorageInstruments.For(meterFactory) : null;
    }

    /// <summary>Gets the session's objects.</summary>
    public ISessionObjects Objects => _objects;

    /// <summary>Gets the totals of the events written so far.</summary>
    public SessionSummary Summary => _index.Summary;

    /// <summary>Gets every block written so far (events and keyframes), as <c>index.json</c> will list them.</summary>
    public IReadOnlyList<BlockLocation> Blocks => _index.Blocks;

    /// <summary>Creates the sink for a new session.</summary>
    /// <param name="objects">The session's objects; it must hold no events object yet.</param>
    /// <param name="options">The settings, or <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The sink.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="objects"/> is <see langword="null"/>.</exception>
    /// <exception cref="IOException">The session holds an events object already.</exception>
    public static async ValueTask<SessionStorageSink> CreateAsync(ISessionObjects objects, SessionStorageOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objects);
        options ??= new SessionStorageOptions();
        ArgumentNullException.ThrowIfNull(options.Codec);
        if (await objects.GetLengthAsync(options.Codec.FileName, cancellationToken).ConfigureAwait(false) is not null)
        {
            throw new IOException($"'{objects.Location}' holds '{options.Codec.FileName}' already; a session is recorded into new objects.");
        }

        var events = await objects.OpenAppendAsync(options.Codec.FileName, cancellationToken).ConfigureAwait(false);
        return new SessionStorageSink(objects, options, events);
    }

    /// <inheritdoc/>
    public async ValueTask WriteAsync(ReadOnlyMemory<RecordedEvent> block, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (block.IsEmpty)
        {
            return;
        }

        var started = _options.TimeProvider.GetTimestamp();
        var location = await _writer.WriteBlockAsync(block, cancellationToken).ConfigureAwait(false);
        await _events.FlushAsync(cancellationToken).ConfigureAwait(false);
        _metrics?.BlockWritten("events", _options.Codec.Name, location.Length, _options.TimeProvider.GetElapsedTime(started));
        _index.AddEvents(location, block.Span);
        if (!_metadataWritten)
        {
            await WriteMetadataAsync(SessionStatus.Active, cancellationToken).ConfigureAwait(false);
            _metadataWritten = true;
        }
    }

    /// <inheritdoc/>
    public async ValueTask WriteKeyframeAsync(long nextSequence, TimeSpan time, ReadOnlyMemory<byte> state, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var started = _options.TimeProvider.GetTimestamp();
        var location = await _writer.WriteKeyframeAsync(nextSequence, time, state, cancellationToken).ConfigureAwait(false);
        await _events.FlushAsync(cancellationToken).ConfigureAwait(false);
        _metrics?.BlockWritten("keyframe", _options.Codec.Name, location.Length, _options.TimeProvider.GetElapsedTime(started));
        _index.AddKeyframe(location);
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
        await _events.FlushAsync(cancellationToken).ConfigureAwait(false);
        var eventsLength = _events.Position;
        await _writer.DisposeAsync().ConfigureAwait(false);
        await _events.DisposeAsync().ConfigureAwait(false);
        _completed = true;

        await _objects.ReplaceAsync(SessionObjectNames.Index, SessionJson.WriteIndex(_index.Build(eventsLength)), cancellationToken).ConfigureAwait(false);
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

    private ValueTask WriteMetadataAsync(SessionStatus status, CancellationToken cancellationToken)
    {
        var summary = _index.Summary;
        var started = summary.StartedAt ?? _options.TimeProvider.GetUtcNow();
        var metadata = new SessionMetadata
        {
            SessionId = summary.SessionId ?? "unknown",
            AssessmentId = _options.AssessmentId,
            CandidateId = _options.CandidateId,
            StartTime = started,
            EndTime = status == SessionStatus.Completed ? started + summary.Duration : null,
            Duration = status == SessionStatus.Completed ? summary.Duration : null,
            Status = status,
            Codec = _options.Codec.Name,
            EventCount = summary.EventCount,
            Files = summary.BuildFiles(),
            TotalClaudeInteractions = summary.ClaudeInteractions,
            TotalKeystrokes = summary.Keystrokes,
            Environment = new Dictionary<string, string>(_options.Environment, StringComparer.Ordinal),
        };
        return _objects.ReplaceAsync(SessionObjectNames.Metadata, SessionJson.WriteMetadata(metadata), cancellationToken);
    }
}
