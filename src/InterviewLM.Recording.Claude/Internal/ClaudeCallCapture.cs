using System.Text.Json;

namespace InterviewLM.Recording.Claude.Internal;

/// <summary>Represents the capture of one Messages API call over HTTP, from request to the end of its response.</summary>
/// <remarks>
/// Thread-safe: the stream may be read on one thread while <see cref="ClaudeInteractionRecorder.RecordPendingAsIncomplete"/>
/// snapshots it on another. Parsing problems never reach the client: they only stop the parsing.
/// </remarks>
internal sealed class ClaudeCallCapture
{
    private readonly Lock _sync = new();
    private readonly InteractionDraft _draft = new();
    private readonly CredentialScrubber _scrubber;
    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly ClaudeInteractionRecorder.PendingInteraction _pending;
    private ClaudeSseReader? _sse;
    private bool _parseFailed;
    private bool _finished;

    public ClaudeCallCapture(ClaudeInteractionRecorder recorder, CredentialScrubber scrubber)
    {
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
            }
        }

        Finish(incomplete: false, error: null);
    }

    /// <summary>Records a response that cannot be parsed: the request and status are kept, the interaction is incomplete.</summary>
    public void CompleteUnparsed(string reason) => Finish(incomplete: true, error: reason);

    public void BeginStream()
    {
        lock (_sync)
        {
            _sse = new ClaudeSseReader(_draft);
        }
    }

    /// <summary>Parses bytes of the event stream as they pass to the client.</summary>
    public void OnStreamBytes(ReadOnlySpan<byte> bytes)
    {
        SseSignals signals;
        lock (_sync)
        {
            if (_finished || _parseFailed || _sse is null)
            {
                return;
            }

            try
            {
                signals = _sse.Feed(bytes);
            }
            catch (Exception ex) when (IsParseFailure(ex))
            {
                _parseFailed = true;
                return;
            }

            if ((signals & SseSignals.FirstToken) != 0)
            {
                _draft.TimeToFirstToken = _time.GetElapsedTime(_started);
            }
        }

        if ((signals & SseSignals.MessageStop) != 0)
        {
            Finish(incomplete: false, error: null);
        }
    }

    /// <summary>Records the end of the event stream; without a <c>message_stop</c> the interaction is incomplete.</summary>
    public void OnStreamEnd()
    {
        bool stopped;
        lock (_sync)
        {
            stopped = _sse?.SawMessageStop ?? false;
        }

        Finish(incomplete: !stopped, error: null);
    }

    /// <summary>Records a call that failed or was abandoned before its response was complete.</summary>
    public void Fail(Exception? exception) => Finish(incomplete: true, error: exception is null ? null : Describe(exception));

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
            interaction = _draft.Build(incomplete, _scrubber);
        }

        _pending.Complete(interaction);
    }

    private ClaudeInteraction Snapshot()
    {
        lock (_sync)
        {
            _finished = true;
            _draft.Latency = _time.GetElapsedTime(_started);
            return _draft.Build(incomplete: true, _scrubber);
        }
    }

    private static bool IsParseFailure(Exception ex)
        => ex is JsonException or InvalidOperationException or InvalidDataException or FormatException or ArgumentException or OverflowException;

    private static string Describe(Exception exception)
        => exception is OperationCanceledException ? "canceled" : $"{exception.GetType().Name}: {exception.Message}";
}
