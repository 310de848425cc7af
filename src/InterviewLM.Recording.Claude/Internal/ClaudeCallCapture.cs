using System.Text.Json;

namespace InterviewLM.Recording.Claude.Internal;

/// <summary>Represents the capture of one Messages API call over HTTP, from request to the end of its response.</summary>
/// <remarks>
/// <para>
/// An event stream is parsed as it passes until its first token and its first <see cref="DefaultInlineParseBytes"/>;
/// after that the client's thread only copies each read aside, and the copy is parsed on the thread pool once the stream
/// ends (every 4 MiB too, on the client's thread, so the copy stays bounded). A long response then costs the client little
/// more than the copy, and its interaction reaches the recorder just after the stream's end rather than at it.
/// </para>
/// <para>
/// Thread-safe: the stream may be read on one thread while <see cref="ClaudeInteractionRecorder.RecordPendingAsIncomplete"/>
/// snapshots it on another. Parsing problems never reach the client: they only stop the parsing.
/// </para>
/// </remarks>
internal sealed class ClaudeCallCapture
{
    /// <summary>The bytes of a stream parsed as they pass (the first token's time is taken there) before the rest is kept and parsed once the stream ends.</summary>
    public const int DefaultInlineParseBytes = 64 * 1024;

    // Below the large object heap's threshold, and 16 chunks a MiB, which the shared pool keeps between calls.
    private const int UnparsedChunkSize = 64 * 1024;

    private const int MaxUnparsedBytes = 4 * 1024 * 1024;

    private readonly Lock _sync = new();
    private readonly InteractionDraft _draft = new();
    private readonly CredentialScrubber _scrubber;
    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly ClaudeInteractionRecorder.PendingInteraction _pending;
    private readonly int _inlineParseBytes;
    private ClaudeSseReader? _sse;
    private Utf8Builder? _unparsed;
    private long _parsedInline;
    private long _lastBytesAt;
    private bool _parseFailed;
    private bool _finished;
    private bool _ended;
    private bool _endedIncomplete;
    private string? _endError;
    private ClaudeInteraction? _built;
    private string? _failure;
    private string? _failureDetail;

    public ClaudeCallCapture(ClaudeInteractionRecorder recorder, CredentialScrubber scrubber, int inlineParseBytes = DefaultInlineParseBytes)
    {
        _inlineParseBytes = inlineParseBytes;
        _scrubber = scrubber;
        _time = recorder.TimeProvider;
        _started = _time.GetTimestamp();
        _pending = recorder.Begin(Snapshot);
    }

    public void ReadRequest(ReadOnlyMemory<byte> body)
    {
        lock (_sync)
        {
            try
            {
                ClaudeRequestReader.Read(body, _draft);
            }
            catch (Exception ex) when (IsParseFailure(ex))
            {
                // A request the capture cannot read is still sent; what was read is kept.
                NoteFailure("request could not be parsed", ex);
            }
        }
    }

    public void SetStatus(int status)
    {
        lock (_sync)
        {
            _draft.HttpStatus = status;
        }
    }

    /// <summary>Records a whole (non-streamed) response body.</summary>
    public void CompleteWithBody(ReadOnlyMemory<byte> body)
    {
        lock (_sync)
        {
            try
            {
                ClaudeResponseReader.ReadBody(body, _draft);
            }
            catch (Exception ex) when (IsParseFailure(ex))
            {
                // The client gets the body unchanged; the interaction keeps what was read.
                NoteFailure("response could not be parsed", ex);
            }
        }

        Finish(incomplete: false, error: null);
    }

    /// <summary>Records a response that cannot be parsed: the request and status are kept, the interaction is incomplete.</summary>
    public void CompleteUnparsed(string reason)
    {
        lock (_sync)
        {
            _failure ??= reason;
        }

        Finish(incomplete: true, error: reason);
    }

    public void BeginStream()
    {
        lock (_sync)
        {
            _sse = new ClaudeSseReader(_draft);
        }
    }

    /// <summary>Parses bytes of the event stream as they pass to the client, or, past the first bytes (<see cref="DefaultInlineParseBytes"/>), keeps them for later.</summary>
    public void OnStreamBytes(ReadOnlySpan<byte> bytes)
    {
        SseSignals signals;
        lock (_sync)
        {
            if (_finished || _parseFailed || _sse is null)
            {
                return;
            }

            if (_unparsed is not null)
            {
                _unparsed.Append(bytes);
                _lastBytesAt = _time.GetTimestamp();
                if (_unparsed.Length >= MaxUnparsedBytes)
                {
                    // A stream that goes on and on: parsed here now and then, so what is kept stays bounded.
                    ParseUnparsed();
                    _unparsed = new Utf8Builder(UnparsedChunkSize);
                }

                return;
            }

            try
            {
                signals = _sse.Feed(bytes);
            }
            catch (Exception ex) when (IsParseFailure(ex))
            {
                _parseFailed = true;
                NoteFailure("response stream could not be parsed", ex);
                return;
            }

            if ((signals & SseSignals.FirstToken) != 0)
            {
                _draft.TimeToFirstToken = _time.GetElapsedTime(_started);
            }

            _parsedInline += bytes.Length;
            if ((signals & SseSignals.MessageStop) == 0 && _parsedInline >= _inlineParseBytes && _draft.TimeToFirstToken is not null)
            {
                // A long stream: the rest is only copied on the client's thread and parsed once it ends, off that thread.
                _unparsed = new Utf8Builder(UnparsedChunkSize);
                _lastBytesAt = _time.GetTimestamp();
            }
        }

        if ((signals & SseSignals.MessageStop) != 0)
        {
            Finish(incomplete: false, error: null);
        }
    }

    /// <summary>Records the end of the event stream; without a <c>message_stop</c> the interaction is incomplete.</summary>
    public void OnStreamEnd() => End(failed: false, error: null);

    /// <summary>Records a call that failed or was abandoned before its response was complete.</summary>
    public void Fail(Exception? exception)
    {
        if (exception is not null and not OperationCanceledException)
        {
            // The call broke (the upstream reset, a stream that ended early): what passed is recorded, the rest is missing.
            lock (_sync)
            {
                if (!_finished && !_ended)
                {
                    NoteFailure(_draft.HttpStatus is null ? "call failed before its response" : "response failed before its end", exception);
                }
            }
        }

        End(failed: true, error: exception is null ? null : Describe(exception));
    }

    // The stream ended, failed or was disposed: parsed bytes are finished here; kept bytes are parsed off the client's thread.
    private void End(bool failed, string? error)
    {
        bool stopped;
        lock (_sync)
        {
            if (_finished || _ended)
            {
                return;
            }

            if (_unparsed is not null)
            {
                _ended = true;
                _endedIncomplete = failed && error is not null;
                _endError = error;
                ThreadPool.UnsafeQueueUserWorkItem(static capture => capture.FinishUnparsed(), this, preferLocal: false);
                return;
            }

            stopped = !failed && (_sse?.SawMessageStop ?? false);
        }

        Finish(incomplete: !stopped, error: error);
    }

    // Runs on the thread pool, where an exception would end the process.
    private void FinishUnparsed()
    {
        ClaudeInteraction interaction;
        try
        {
            lock (_sync)
            {
                if (_finished)
                {
                    return; // RecordPendingAsIncomplete got here first
                }

                interaction = BuildEnded();
            }
        }
#pragma warning disable CA1031 // Recording must never end the host's process; the call is counted as failed and frees the line.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _pending.Abandon($"the call's interaction could not be built: {Describe(ex)}");
            return;
        }

        ReportFailure(); // before the call leaves the line: once it is recorded, so is what it lacks
        _pending.Complete(interaction);
    }

    // Called under _sync once the stream has ended with bytes kept for later: parses them and builds the interaction.
    private ClaudeInteraction BuildEnded()
    {
        ParseUnparsed();
        _finished = true;
        _draft.Latency = _time.GetElapsedTime(_started, _lastBytesAt);
        _draft.Error ??= _endError;
        return _built = _draft.Build(_endedIncomplete || _sse?.SawMessageStop != true, _scrubber); // as inline: complete once message_stop was read
    }

    // Called under _sync.
    private void ParseUnparsed()
    {
        if (_unparsed is not { } unparsed)
        {
            return;
        }

        _unparsed = null;
        try
        {
            for (var i = 0; i < unparsed.ChunkCount && !_parseFailed; i++)
            {
                _sse!.Feed(unparsed.Chunk(i));
            }
        }
        catch (Exception ex) when (IsParseFailure(ex))
        {
            _parseFailed = true;
            NoteFailure("response stream could not be parsed", ex);
        }
        finally
        {
            unparsed.Release();
        }
    }

    private void Finish(bool incomplete, string? error)
    {
        ClaudeInteraction interaction;
        lock (_sync)
        {
            if (_finished)
            {
                return;
            }

            _finished = true;
            _draft.Latency = _time.GetElapsedTime(_started);
            _draft.Error ??= error;
            interaction = _built = _draft.Build(incomplete, _scrubber);
        }

        ReportFailure(); // before the call leaves the line: once it is recorded, so is what it lacks
        _pending.Complete(interaction);
    }

    // The interaction as seen so far, for RecordPendingAsIncomplete; a failure noted so far is reported with it.
    private ClaudeInteraction Snapshot()
    {
        var interaction = SnapshotCore();
        ReportFailure();
        return interaction;
    }

    private ClaudeInteraction SnapshotCore()
    {
        lock (_sync)
        {
            if (_built is not null)
            {
                return _built; // built, and on its way to the recorder from another thread
            }

            if (_ended)
            {
                return BuildEnded(); // ended, not parsed yet: recorded as it ended, complete or not
            }

            ParseUnparsed();
            _finished = true;
            _draft.Latency = _time.GetElapsedTime(_started);
            return _built = _draft.Build(incomplete: true, _scrubber);
        }
    }

    // Called under _sync: the first failure of the call is the one reported.
    private void NoteFailure(string what, Exception exception)
    {
        if (_failure is null)
        {
            _failure = $"{what}: {Describe(exception)}";
            _failureDetail = exception.ToString();
        }
    }

    // Just before the call is handed to the recorder: a call recorded without part of what passed is a capture failure.
    private void ReportFailure()
    {
        string? failure, detail;
        lock (_sync)
        {
            (failure, detail) = (_failure, _failureDetail);
            (_failure, _failureDetail) = (null, null);
        }

        if (failure is not null)
        {
            _pending.ReportFailure(failure, detail);
        }
    }

    private static bool IsParseFailure(Exception ex)
        => ex is JsonException or InvalidOperationException or InvalidDataException or FormatException or ArgumentException or OverflowException;

    private static string Describe(Exception exception)
        => exception is OperationCanceledException ? "canceled" : $"{exception.GetType().Name}: {exception.Message}";
}
