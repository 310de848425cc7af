using System.Threading.Channels;
using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording;

/// <summary>Represents the capture and normalization engine: producers on any thread record events; one writer stores them in blocks.</summary>
/// <remarks>
/// <para>
/// <see cref="Record(SessionEvent)"/> is safe to call from many threads at once. It validates the event, assigns its
/// sequence number and its time (from the options' <see cref="TimeProvider"/>), and queues it; it never does I/O.
/// A rejected event throws <see cref="InvalidSessionEventException"/> and is never stored.
/// </para>
/// <para>
/// One background writer hands events to the <see cref="IEventSink"/> in blocks, flushed when a block is full
/// (<see cref="SessionRecorderOptions.MaxBlockEvents"/>, <see cref="SessionRecorderOptions.MaxBlockBytes"/>) and every
/// <see cref="SessionRecorderOptions.FlushInterval"/>. No event is dropped: when the queue is full, producers wait or
/// fail (<see cref="SessionRecorderOptions.FullMode"/>). <see cref="CompleteAsync"/> (and disposal) records
/// <see cref="SessionEnded"/>, drains the queue and finalizes the sink.
/// </para>
/// </remarks>
public sealed class SessionRecorder : IAsyncDisposable
{
    private readonly IEventSink _sink;
    private readonly bool _ownsSink;
    private readonly SessionRecorderOptions _options;
    private readonly TimeProvider _time;
    private readonly long _startTimestamp;
    private readonly SessionEventValidator _validator = new();
    private readonly Channel<WriterItem> _queue;
    private readonly SemaphoreSlim _room;
    private readonly Lock _gate = new();
    private readonly Lock _completingCallbacksRun = new();
    private readonly Task _writer;
    private readonly ITimer _flushTimer;
    private readonly RecorderInstruments? _metrics;
    private readonly Lock _captureFailuresGate = new();
    private readonly List<CaptureFailed> _captureFailures = [];
    private long _nextSequence;
    private TimeSpan _lastTime;
    private bool _completing;
    private List<Action>? _completingCallbacks = [];
    private long _pending;
    private Exception? _writerFault;

    private SessionRecorder(IEventSink sink, SessionRecorderOptions options, string? sessionId, bool ownsSink)
    {
        _sink = sink;
        _ownsSink = ownsSink;
        _options = options;
        _time = options.TimeProvider;
        _startTimestamp = _time.GetTimestamp();
        SessionId = sessionId ?? options.SessionId ?? NewSessionId();
        StartedAt = _time.GetUtcNow();
        _room = new SemaphoreSlim(options.Capacity, options.Capacity);
        _queue = Channel.CreateUnbounded<WriterItem>(new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });
        _room.Wait(0, CancellationToken.None);
        _metrics = options.MeterFactory is { } meterFactory ? RecorderInstruments.For(meterFactory) : null;
        _metrics?.Add(this);
        Enqueue(new SessionStarted(SessionId, StartedAt), hostTime: null, validate: false);
        _writer = Task.Run(RunWriterAsync);
        _flushTimer = _time.CreateTimer(static state => ((SessionRecorder)state!).OnFlushTimer(), this, options.FlushInterval, options.FlushInterval);
    }

    /// <summary>Gets the session identifier.</summary>
    public string SessionId { get; }

    /// <summary>Gets the wall-clock time the session started.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>Gets the number of events recorded so far, session start included.</summary>
    public long EventCount => Interlocked.Read(ref _nextSequence);

    /// <summary>Gets the number of events recorded and not yet handed to the sink.</summary>
    public long PendingCount => Interlocked.Read(ref _pending);

    /// <summary>Gets every capture failure reported so far (<see cref="ReportCaptureFailure"/>), in order, including any the session could no longer record.</summary>
    /// <value>A copy; empty when nothing failed.</value>
    public IReadOnlyList<CaptureFailed> CaptureFailures
    {
        get
        {
            lock (_captureFailuresGate)
            {
                return [.. _captureFailures];
            }
        }
    }

    /// <summary>Gets the time since the session started, on the recorder's clock.</summary>
    public TimeSpan Elapsed => Truncate(_time.GetElapsedTime(_startTimestamp));

    /// <summary>Starts recording a session into <paramref name="sink"/>; the first event, <see cref="SessionStarted"/>, is recorded at once.</summary>
    /// <param name="sink">Where blocks go. The recorder completes it but does not dispose it.</param>
    /// <param name="options">The settings, or <see langword="null"/> for the defaults.</param>
    /// <returns>The running recorder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sink"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static SessionRecorder Start(IEventSink sink, SessionRecorderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sink);
        options ??= new SessionRecorderOptions();
        options.Validate();
        return new SessionRecorder(sink, options, null, ownsSink: false);
    }

    /// <summary>Starts recording a session with a given identifier into a sink the recorder owns (a pipeline built for this session).</summary>
    /// <param name="sink">Where blocks go. The recorder completes it and disposes it when it is disposed.</param>
    /// <param name="sessionId">The session's identifier; it takes the place of <see cref="SessionRecorderOptions.SessionId"/>.</param>
    /// <param name="options">The settings, or <see langword="null"/> for the defaults.</param>
    /// <returns>The running recorder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sink"/> or <paramref name="sessionId"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static SessionRecorder StartOwned(IEventSink sink, string sessionId, SessionRecorderOptions? options)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(sessionId);
        options ??= new SessionRecorderOptions();
        options.Validate();
        return new SessionRecorder(sink, options, sessionId, ownsSink: true);
    }

    /// <summary>Creates a new session identifier: <c>sess_</c> and 32 hexadecimal digits.</summary>
    /// <returns>The identifier.</returns>
    public static string NewSessionId() => "sess_" + Guid.NewGuid().ToString("N");

    /// <summary>Records an event now.</summary>
    /// <param name="value">The event.</param>
    /// <returns>The event as stored, with its sequence number and time.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidSessionEventException">The event is invalid (for example an edit outside its document); it is not stored.</exception>
    /// <exception cref="RecorderFullException">The queue is full and the recorder is in <see cref="RecorderFullMode.Fail"/> mode.</exception>
    /// <exception cref="InvalidOperationException">The recorder is completed or its writer failed.</exception>
    public RecordedEvent Record(SessionEvent value) => RecordCore(value, hostTime: null);

    /// <summary>Records an event at a time the host measured itself (for importers and hosts with their own clock).</summary>
    /// <param name="value">The event.</param>
    /// <param name="time">The time since session start; it must not be earlier than the last recorded event.</param>
    /// <returns>The event as stored.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidSessionEventException">The event is invalid or <paramref name="time"/> goes backwards; it is not stored.</exception>
    /// <exception cref="RecorderFullException">The queue is full and the recorder is in <see cref="RecorderFullMode.Fail"/> mode.</exception>
    /// <exception cref="InvalidOperationException">The recorder is completed or its writer failed.</exception>
    public RecordedEvent Record(SessionEvent value, TimeSpan time) => RecordCore(value, time);

    /// <summary>Records an event now, waiting asynchronously while the queue is full.</summary>
    /// <param name="value">The event.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The event as stored.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidSessionEventException">The event is invalid; it is not stored.</exception>
    /// <exception cref="RecorderFullException">The queue is full and the recorder is in <see cref="RecorderFullMode.Fail"/> mode.</exception>
    public async ValueTask<RecordedEvent> RecordAsync(SessionEvent value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        ThrowIfUnusable();
        if (!_room.Wait(0, CancellationToken.None))
        {
            OnFull();
            await _room.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        return EnqueueWithRoom(value, hostTime: null);
    }

    /// <summary>Writes every event recorded so far to the sink.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the events recorded before the call are written.</returns>
    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfUnusable();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(new WriterItem(null, done)))
        {
            throw new InvalidOperationException("The recorder is completed.");
        }

        await done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reports something a capture of this session could not record (a Claude call, a file, terminal output): records a <see cref="CaptureFailed"/> event, so the session says what it lacks, and counts it in <see cref="RecordingMetrics.CaptureFailures"/>.</summary>
    /// <param name="capture">The capture's name, for example <c>claude</c>, <c>watcher</c> or <c>terminal</c>.</param>
    /// <param name="reason">Why, on one line; line breaks become spaces, and an empty reason becomes <c>unknown</c>.</param>
    /// <param name="detail">Optional further detail, on any number of lines.</param>
    /// <returns>
    /// The event as stored, or <see langword="null"/> when the session can no longer record it (it is completed, its
    /// writer failed, or its queue is full in <see cref="RecorderFullMode.Fail"/> mode). Either way the failure is in
    /// <see cref="CaptureFailures"/>. Never throws for those reasons: a capture reports its failure from wherever it is.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="capture"/> or <paramref name="reason"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="capture"/> is empty.</exception>
    public RecordedEvent? ReportCaptureFailure(string capture, string reason, string? detail = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(capture);
        ArgumentNullException.ThrowIfNull(reason);
        var failure = new CaptureFailed(capture, OneLine(reason), detail);
        lock (_captureFailuresGate)
        {
            _captureFailures.Add(failure);
        }

        _metrics?.CaptureFailures.Add(1, new KeyValuePair<string, object?>(RecordingMetrics.CaptureTag, capture));
        try
        {
            return RecordCore(failure, hostTime: null);
        }
        catch (InvalidOperationException) // completed, writer failed, or full (RecorderFullException)
        {
            return null; // kept in CaptureFailures, which the host reads once the session has ended
        }
    }

    /// <summary>Registers a callback that runs once when the session starts completing, before <see cref="SessionEnded"/> is recorded.</summary>
    /// <param name="callback">
    /// The callback. It may record events: a capture that holds events back (a call whose response is still streaming, or
    /// still being parsed) records them here, so that they are stored before the session ends.
    /// </param>
    /// <returns>A registration whose disposal removes the callback. If the session is already completing, the callback is not registered.</returns>
    /// <remarks>
    /// Callbacks run in the order they were registered, on the thread that first calls <see cref="CompleteAsync"/>. An
    /// exception from one does not stop the others or the completion; they are thrown together afterwards.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="callback"/> is <see langword="null"/>.</exception>
    public IDisposable RegisterCompleting(Action callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        lock (_gate)
        {
            if (_completingCallbacks is null)
            {
                return CompletingRegistration.None;
            }

            _completingCallbacks.Add(callback);
        }

        return new CompletingRegistration(this, callback);
    }

    /// <summary>Ends the session: runs the <see cref="RegisterCompleting">completing callbacks</see>, records <see cref="SessionEnded"/>, writes every pending event and finalizes the sink.</summary>
    /// <param name="reason">Why the session ended.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the session is stored.</returns>
    /// <exception cref="InvalidOperationException">The writer failed; the exception says why.</exception>
    /// <exception cref="AggregateException">A completing callback threw; the session was completed all the same.</exception>
    public async ValueTask CompleteAsync(string reason = "completed", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reason);
        var callbackFailures = RunCompletingCallbacks();
        await CompleteCoreAsync(reason, cancellationToken).ConfigureAwait(false);
        if (callbackFailures is not null)
        {
            throw new AggregateException("A callback registered with RegisterCompleting threw; the session was completed.", callbackFailures);
        }
    }

    /// <summary>Completes the session (see <see cref="CompleteAsync"/>) if it is not completed yet.</summary>
    /// <returns>A task that completes when the session is stored.</returns>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await CompleteAsync().ConfigureAwait(false);
        }
        finally
        {
            _metrics?.Remove(this);
            _room.Dispose();
            if (_ownsSink)
            {
                await _sink.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    // Runs the callbacks once, outside _gate (they record events); returns what they threw. A second CompleteAsync waits
    // here until they are done, so it cannot end the session under them.
    private List<Exception>? RunCompletingCallbacks()
    {
        lock (_completingCallbacksRun)
        {
            List<Action>? callbacks;
            lock (_gate)
            {
                callbacks = _completingCallbacks;
                _completingCallbacks = null;
            }

            List<Exception>? failures = null;
            foreach (var callback in callbacks ?? [])
            {
                try
                {
                    callback();
                }
#pragma warning disable CA1031 // Completion must go on; every failure is rethrown once the session is stored.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    (failures ??= []).Add(ex);
                }
            }

            return failures;
        }
    }

    private async ValueTask CompleteCoreAsync(string reason, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_completing)
            {
                return;
            }

            _room.Wait(cancellationToken);
            Enqueue(new SessionEnded(reason), hostTime: null, validate: false);
            _completing = true;
            _queue.Writer.TryComplete();
        }

        await _flushTimer.DisposeAsync().ConfigureAwait(false);
        try
        {
            await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _metrics?.Remove(this);
        }

        if (_writerFault is not null)
        {
            throw new InvalidOperationException("The recorder's writer failed; events after the last written block were not stored.", _writerFault);
        }

        await _sink.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    private RecordedEvent RecordCore(SessionEvent value, TimeSpan? hostTime)
    {
        ArgumentNullException.ThrowIfNull(value);
        ThrowIfUnusable();
        if (!_room.Wait(0))
        {
            OnFull();
            _room.Wait();
        }

        return EnqueueWithRoom(value, hostTime);
    }

    private RecordedEvent EnqueueWithRoom(SessionEvent value, TimeSpan? hostTime)
    {
        try
        {
            lock (_gate)
            {
                if (_completing)
                {
                    throw new InvalidOperationException("The recorder is completed; no more events can be recorded.");
                }

                return Enqueue(value, hostTime, validate: true);
            }
        }
        catch
        {
            _room.Release();
            throw;
        }
    }

    // Called under _gate (or from the constructor): sequence, time and queue order always agree.
    private RecordedEvent Enqueue(SessionEvent value, TimeSpan? hostTime, bool validate)
    {
        if (validate)
        {
            _validator.Validate(value);
        }

        TimeSpan time;
        if (hostTime is { } given)
        {
            time = Truncate(given);
            if (time < _lastTime)
            {
                throw new InvalidSessionEventException($"Rejected {value.Type} event: its time {time} is earlier than the previous event's {_lastTime}; time never goes backwards.");
            }
        }
        else
        {
            time = Truncate(_time.GetElapsedTime(_startTimestamp));
            if (!validate && time < _lastTime)
            {
                // Session start and end belong to the recorder: when a host supplied later times, the end follows them.
                time = _lastTime;
            }
            else if (time < _lastTime)
            {
                throw new InvalidSessionEventException($"Rejected {value.Type} event: the clock went backwards from {_lastTime} to {time}.");
            }
        }

        var recorded = new RecordedEvent(_nextSequence, time, value);
        if (!_queue.Writer.TryWrite(new WriterItem(recorded, null)))
        {
            throw new InvalidOperationException("The recorder is completed; no more events can be recorded.");
        }

        _validator.Commit(value, time);
        _lastTime = time;
        Interlocked.Increment(ref _nextSequence);
        Interlocked.Increment(ref _pending);
        return recorded;
    }

    // The slow path of a full queue: count it, and fail or let the caller wait.
    private void OnFull()
    {
        if (_options.FullMode == RecorderFullMode.Fail)
        {
            _metrics?.Failures.Add(1, new KeyValuePair<string, object?>(RecordingMetrics.ErrorTypeTag, "recorder_full"));
            throw new RecorderFullException();
        }

        _metrics?.Waits.Add(1);
    }

    private void ThrowIfUnusable()
    {
        if (Volatile.Read(ref _writerFault) is { } fault)
        {
            throw new InvalidOperationException("The recorder's writer failed; no more events can be recorded.", fault);
        }
    }

    private void OnFlushTimer()
    {
        if (Interlocked.Read(ref _pending) > 0)
        {
            _queue.Writer.TryWrite(new WriterItem(null, null));
        }
    }

    private async Task RunWriterAsync()
    {
        var block = new List<RecordedEvent>(Math.Min(_options.MaxBlockEvents, 4096));
        long blockBytes = 0;
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (reader.TryRead(out var item))
                {
                    if (item.Event is { } recorded)
                    {
                        block.Add(recorded);
                        _room.Release();
                        blockBytes += EventSizeEstimator.Estimate(recorded.Event);
                        if (block.Count >= _options.MaxBlockEvents || blockBytes >= _options.MaxBlockBytes)
                        {
                            await WriteBlockAsync(block).ConfigureAwait(false);
                            blockBytes = 0;
                        }
                    }
                    else
                    {
                        await WriteBlockAsync(block).ConfigureAwait(false);
                        blockBytes = 0;
                        item.Flushed?.TrySetResult();
                    }
                }
            }

            await WriteBlockAsync(block).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The fault is kept and rethrown to every producer and to CompleteAsync.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Volatile.Write(ref _writerFault, ex);
            _metrics?.Failures.Add(1, new KeyValuePair<string, object?>(RecordingMetrics.ErrorTypeTag, ex.GetType().FullName));
            while (reader.TryRead(out var item))
            {
                item.Flushed?.TrySetException(ex);
            }
        }
    }

    private async ValueTask WriteBlockAsync(List<RecordedEvent> block)
    {
        if (block.Count == 0)
        {
            return;
        }

        var events = block.ToArray();
        block.Clear();
        await _sink.WriteAsync(events).ConfigureAwait(false);
        Interlocked.Add(ref _pending, -events.Length);
        _metrics?.Events.Add(events.Length);
    }

    private static string OneLine(string reason)
    {
        var line = reason.AsSpan().IndexOfAny('\r', '\n') >= 0 ? string.Join(' ', reason.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) : reason.Trim();
        return line.Length > 0 ? line : "unknown";
    }

    private static TimeSpan Truncate(TimeSpan time) => TimeSpan.FromTicks(time.Ticks - (time.Ticks % TimeSpan.TicksPerMicrosecond));

    private readonly record struct WriterItem(RecordedEvent? Event, TaskCompletionSource? Flushed);

    private sealed class CompletingRegistration(SessionRecorder? owner, Action? callback) : IDisposable
    {
        public static CompletingRegistration None { get; } = new(null, null);

        public void Dispose()
        {
            if (owner is null)
            {
                return;
            }

            lock (owner._gate)
            {
                owner._completingCallbacks?.Remove(callback!);
            }
        }
    }
}
