using System.Buffers;
using System.Text.Json;

namespace InterviewLM.Recording.Claude.Internal;

/// <summary>Represents the capture of one Messages API call over HTTP, from request to the end of its response.</summary>
/// <remarks>
/// <para>
/// Thread-safe: the stream may be read on one thread while <see cref="ClaudeInteractionRecorder.RecordPendingAsIncomplete"/>
/// snapshots it on another. Parsing problems never reach the client: they only stop the parsing.
/// </para>
/// <para>
/// An event stream is parsed as it is read while its bytes arrive no faster than the client reads them. Once the first
/// token is in, a read that fills the client's buffer means more bytes are already waiting and the client reads again at
/// once: its bytes are copied aside and parsed together with the next ones, up to <see cref="BatchBytes"/> at a time, when
/// a read comes back short (the client is about to wait for the network), when the copy is full, at the end of the stream
/// or when the call is recorded. Parsing ~16 KiB in one go costs about half what parsing each ~1 KB read amid the client's
/// own work costs. What is recorded is the same; only the moment a streamed call is recorded may move to a later read.
/// </para>
/// </remarks>
internal sealed class ClaudeCallCapture
{
    // One rented buffer per streaming call; the size of the text builder's chunks, so both come from the same pool bucket.
    private const int BatchBytes = 16 * 1024;

    private readonly Lock _sync = new();
    private readonly InteractionDraft _draft = new();
    private readonly CredentialScrubber _scrubber;
    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly ClaudeInteractionRecorder.PendingInteraction _pending;
    private ClaudeSseReader? _sse;
    private byte[]? _unparsed;
    private int _unparsedLength;
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

    /// <summary>Parses bytes of the event stream as they pass to the client, or sets them aside to parse with the next ones.</summary>
    /// <param name="bytes">The bytes one read handed to the client.</param>
    /// <param name="moreWaiting"><see langword="true"/> when the read filled the client's buffer: more bytes are probably ready.</param>
    public void OnStreamBytes(ReadOnlySpan<byte> bytes, bool moreWaiting)
    {
        bool stopped;
        lock (_sync)
        {
            if (_finished || _parseFailed || _sse is null)
            {
                return;
            }

            // Before the first token every read is parsed at once, so that its time is the time it arrived.
            if (moreWaiting && _draft.TimeToFirstToken is not null && TrySetAside(bytes))
            {
                return;
            }

            stopped = Parse(bytes);
        }

        if (stopped)
        {
            Finish(incomplete: false, error: null);
        }
    }

    /// <summary>Records the end of the event stream; without a <c>message_stop</c> the interaction is incomplete.</summary>
    public void OnStreamEnd() => Finish(incomplete: true, error: null);

    /// <summary>Records a call that failed or was abandoned before its response was complete.</summary>
    public void Fail(Exception? exception) => Finish(incomplete: true, error: exception is null ? null : Describe(exception));

    // A stream that reached message_stop is complete whatever ends the call afterwards (the client disposing the stream
    // without reading its end, say); the bytes set aside are parsed first, as they may hold it.
    private void Finish(bool incomplete, string? error)
    {
        ClaudeInteraction interaction;
        lock (_sync)
        {
            if (_finished)
            {
                return;
            }

            interaction = BuildFinal(incomplete, error);
        }

        _pending.Complete(interaction);
    }

    private ClaudeInteraction Snapshot()
    {
        lock (_sync)
        {
            return BuildFinal(incomplete: true, error: null);
        }
    }

    // Called under _sync.
    private ClaudeInteraction BuildFinal(bool incomplete, string? error)
    {
        if (Parse([]))
        {
            incomplete = false;
            error = null;
        }

        _finished = true;
        ReturnUnparsed();
        _draft.Latency = _time.GetElapsedTime(_started);
        _draft.Error ??= error;
        return _draft.Build(incomplete, _scrubber);
    }

    // Called under _sync: copies bytes to parse later, unless the buffer set aside is full.
    private bool TrySetAside(ReadOnlySpan<byte> bytes)
    {
        _unparsed ??= ArrayPool<byte>.Shared.Rent(BatchBytes);
        if (bytes.Length > _unparsed.Length - _unparsedLength)
        {
            return false;
        }

        bytes.CopyTo(_unparsed.AsSpan(_unparsedLength));
        _unparsedLength += bytes.Length;
        return true;
    }

    // Called under _sync: parses the bytes set aside, then bytes; returns whether the stream has reached message_stop.
    private bool Parse(ReadOnlySpan<byte> bytes)
    {
        if (_sse is null || _parseFailed)
        {
            return false;
        }

        SseSignals signals;
        try
        {
            signals = _unparsedLength > 0 ? _sse.Feed(_unparsed.AsSpan(0, _unparsedLength)) : SseSignals.None;
            _unparsedLength = 0;
            signals |= _sse.Feed(bytes);
        }
        catch (Exception ex) when (IsParseFailure(ex))
        {
            _parseFailed = true;
            _unparsedLength = 0;
            return false;
        }

        if ((signals & SseSignals.FirstToken) != 0)
        {
            _draft.TimeToFirstToken = _time.GetElapsedTime(_started);
        }

        return _sse.SawMessageStop;
    }

    private void ReturnUnparsed()
    {
        if (_unparsed is not null)
        {
            ArrayPool<byte>.Shared.Return(_unparsed);
            _unparsed = null;
            _unparsedLength = 0;
        }
    }

    private static bool IsParseFailure(Exception ex)
        => ex is JsonException or InvalidOperationException or InvalidDataException or FormatException or ArgumentException or OverflowException;

    private static string Describe(Exception exception)
        => exception is OperationCanceledException ? "canceled" : $"{exception.GetType().Name}: {exception.Message}";
}
