using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace InterviewLM.Recording.Claude.Internal;

/// <summary>What a chunk of an SSE stream revealed, for timing.</summary>
[Flags]
internal enum SseSignals
{
    None = 0,
    FirstToken = 1,
    MessageStop = 2,
    Error = 4,
}

/// <summary>Parses a Messages API event stream incrementally, chunk by chunk as the bytes arrive, into an <see cref="InteractionDraft"/>.</summary>
/// <remarks>
/// Lines may be split anywhere across chunks and end in LF, CRLF or CR. Only <c>data</c> fields are used: the event's
/// <c>type</c> inside the JSON equals its <c>event</c> name. Unknown events and delta types are ignored, as the API asks.
/// Not thread-safe.
/// </remarks>
internal sealed class ClaudeSseReader(InteractionDraft draft)
{
    // What ends a JSON string value that needs no unescaping: the closing quote; or an escape or control character, which send the value to the reader.
    private static readonly SearchValues<byte> s_stringStops = SearchValues.Create([(byte)'"', (byte)'\\', .. Enumerable.Range(0, 0x20).Select(static b => (byte)b)]);

    // The same, and any byte that is not ASCII.
    private static readonly SearchValues<byte> s_asciiStringStops = SearchValues.Create([(byte)'"', (byte)'\\', .. Enumerable.Range(0, 0x20).Select(static b => (byte)b), .. Enumerable.Range(0x80, 0x80).Select(static b => (byte)b)]);

    private const int MaxEventBytes = 16 * 1024 * 1024;

    private byte[] _line = new byte[512];
    private int _lineLength;
    private byte[] _data = new byte[1024];
    private int _dataLength;
    private bool _hasData;
    private bool _skipLineFeed;
    private bool _sawToken;
    private bool _dispatched;
    private char[] _chars = new char[256];

    public bool SawMessageStop { get; private set; }

    public SseSignals Feed(ReadOnlySpan<byte> chunk)
    {
        var signals = SseSignals.None;
        while (!chunk.IsEmpty)
        {
            if (_skipLineFeed)
            {
                _skipLineFeed = false;
                if (chunk[0] == (byte)'\n')
                {
                    chunk = chunk[1..];
                    continue;
                }
            }

            if (_lineLength == 0)
            {
                // A line that starts in this chunk: the two commonest lines are handled before searching for the line's end.
                if (chunk[0] == (byte)'\n')
                {
                    signals |= Dispatch();
                    chunk = chunk[1..];
                    continue;
                }

                if (chunk[0] == (byte)'d' && !_hasData && !_dispatched)
                {
                    var consumed = TryApplyDeltaLine(chunk);
                    if (consumed > 0)
                    {
                        _dispatched = true;
                        signals |= FirstTokenSignal();
                        chunk = chunk[consumed..];
                        continue;
                    }
                }
            }

            var end = chunk.IndexOfAny((byte)'\n', (byte)'\r');
            if (end < 0)
            {
                Append(ref _line, ref _lineLength, chunk);
                break;
            }

            _skipLineFeed = chunk[end] == (byte)'\r';
            if (_lineLength > 0)
            {
                Append(ref _line, ref _lineLength, chunk[..end]);
                signals |= ProcessLine(_line.AsSpan(0, _lineLength));
                _lineLength = 0;
            }
            else if (end == 0 || chunk[0] == (byte)'d') // other lines (event:, id:, comments) carry nothing used
            {
                signals |= ProcessLine(chunk[..end]);
            }

            chunk = chunk[(end + 1)..];
        }

        return signals;
    }

    private SseSignals ProcessLine(ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty)
        {
            return Dispatch();
        }

        if (!line.StartsWith("data"u8))
        {
            return SseSignals.None; // event:, id:, retry:, comments and unknown fields
        }

        var value = line[4..];
        if (!value.IsEmpty)
        {
            if (value[0] != (byte)':')
            {
                return SseSignals.None; // a field whose name merely starts with "data"
            }

            value = value[1..];
            if (!value.IsEmpty && value[0] == (byte)' ')
            {
                value = value[1..];
            }
        }

        if (_dispatched)
        {
            return SseSignals.None; // the event was applied from its first data line; the API sends no second one
        }

        if (!_hasData && TryApplyDeltaExact(value))
        {
            // The common case, applied straight from the line: no copy of its data.
            _dispatched = true;
            return FirstTokenSignal();
        }

        if (_hasData)
        {
            Append(ref _data, ref _dataLength, "\n"u8);
        }

        Append(ref _data, ref _dataLength, value);
        _hasData = true;
        return SseSignals.None;
    }

    private SseSignals Dispatch()
    {
        _dispatched = false;
        if (!_hasData)
        {
            return SseSignals.None;
        }

        try
        {
            return Apply(_data.AsMemory(0, _dataLength));
        }
        finally
        {
            _hasData = false;
            _dataLength = 0;
        }
    }

    private SseSignals Apply(ReadOnlyMemory<byte> json)
    {
        if (TryApplyDelta(json.Span))
        {
            return FirstTokenSignal();
        }

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return SseSignals.None;
        }

        switch (ClaudeResponseReader.TypeOf(root))
        {
            case "message_start":
                if (root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object)
                {
                    ClaudeResponseReader.ReadMessage(message, draft, withContent: false);
                }

                return SseSignals.None;
            case "content_block_start":
                if (TryGetIndex(root, out var startIndex) && root.TryGetProperty("content_block", out var block))
                {
                    ClaudeResponseReader.StartBlock(draft.Block(startIndex), block);
                }

                return SseSignals.None;
            case "content_block_delta":
                // Reached only when the fast path did not recognize the shape (unusual property order is fine there).
                if (TryGetIndex(root, out var deltaIndex) && root.TryGetProperty("delta", out var delta) && delta.ValueKind == JsonValueKind.Object)
                {
                    var value = delta.TryGetProperty("text", out var t) ? t.GetString() : delta.TryGetProperty("partial_json", out var p) ? p.GetString() : null;
                    if (value is not null)
                    {
                        ApplyDelta(draft.Block(deltaIndex), ClaudeResponseReader.TypeOf(delta), value);
                    }
                }

                return FirstTokenSignal();
            case "message_delta":
                if (root.TryGetProperty("delta", out var messageDelta) && messageDelta.ValueKind == JsonValueKind.Object
                    && messageDelta.TryGetProperty("stop_reason", out var stop) && stop.ValueKind == JsonValueKind.String)
                {
                    draft.StopReason = stop.GetString();
                }

                if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
                {
                    ClaudeResponseReader.ReadUsage(usage, draft);
                }

                return SseSignals.None;
            case "message_stop":
                SawMessageStop = true;
                return SseSignals.MessageStop;
            case "error":
                ClaudeResponseReader.ReadError(root, draft);
                return SseSignals.Error;
            default:
                return SseSignals.None; // ping and event types added later
        }
    }

    // The hot path: content_block_delta events, read with Utf8JsonReader and no JsonDocument.
    private bool TryApplyDelta(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        var isDelta = false;
        var index = -1;
        string? deltaType = null;
        var valueLength = -1;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String || !reader.ValueTextEquals("content_block_delta"u8))
                {
                    return false;
                }

                isDelta = true;
            }
            else if (reader.ValueTextEquals("index"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out index))
                {
                    return false;
                }
            }
            else if (reader.ValueTextEquals("delta"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    return false;
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("type"u8))
                    {
                        reader.Read();
                        deltaType = reader.TokenType == JsonTokenType.String
                            ? reader.ValueTextEquals("text_delta"u8) ? "text_delta"
                            : reader.ValueTextEquals("input_json_delta"u8) ? "input_json_delta" : "other"
                            : null;
                    }
                    else if (reader.ValueTextEquals("text"u8) || reader.ValueTextEquals("partial_json"u8))
                    {
                        reader.Read();
                        valueLength = reader.TokenType == JsonTokenType.String ? CopyString(ref reader) : -1;
                    }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (!isDelta || index < 0)
        {
            return false;
        }

        if (valueLength >= 0)
        {
            ApplyDelta(draft.Block(index), deltaType, _chars.AsSpan(0, valueLength));
        }

        return true;
    }

    // The hottest path: a whole data line of the exact shape the API sends, matched byte for byte in the chunk it
    // arrived in, so its end is found by the match itself rather than by a search for the line's end first.
    // Returns the bytes used (line ending included), or 0 when the line is another shape or ends beyond this chunk.
    private int TryApplyDeltaLine(ReadOnlySpan<byte> chunk)
    {
        if (!chunk.StartsWith("data: "u8))
        {
            return 0;
        }

        var used = MatchDelta(chunk["data: "u8.Length..], out var index, out var text, out var value, out var ascii);
        if (used < 0)
        {
            return 0;
        }

        used += "data: "u8.Length;
        if (used >= chunk.Length || chunk[used] is not ((byte)'\n' or (byte)'\r'))
        {
            return 0;
        }

        _skipLineFeed = chunk[used] == (byte)'\r';
        var block = draft.Block(index);
        (text ? block.Text : block.InputJson).Append(value, ascii);
        return used + 1;
    }

    // The same exact shape, for a data line that arrived split across chunks.
    private bool TryApplyDeltaExact(ReadOnlySpan<byte> json)
    {
        if (MatchDelta(json, out var index, out var text, out var value, out var ascii) != json.Length)
        {
            return false;
        }

        var block = draft.Block(index);
        (text ? block.Text : block.InputJson).Append(value, ascii);
        return true;
    }

    // Matches {"type":"content_block_delta","index":N,"delta":{"type":"text_delta","text":"…"}} (or input_json_delta and
    // partial_json) with no escape in the value. Returns the length of the match, or -1; anything else (other property
    // order, escapes, whitespace) goes to the Utf8JsonReader path.
    private static int MatchDelta(ReadOnlySpan<byte> json, out int index, out bool text, out ReadOnlySpan<byte> value, out bool ascii)
    {
        value = default;
        text = false;
        ascii = true;
        var prefix = "{\"type\":\"content_block_delta\",\"index\":"u8;
        if (!json.StartsWith(prefix))
        {
            index = -1;
            return -1;
        }

        int digits;
        if (json.Length > prefix.Length + 1 && (uint)(json[prefix.Length] - '0') <= 9 && json[prefix.Length + 1] == (byte)',')
        {
            index = json[prefix.Length] - '0'; // one digit, as nearly every index is
            digits = 1;
        }
        else if (!Utf8Parser.TryParse(json[prefix.Length..], out index, out digits) || index < 0)
        {
            index = -1;
            return -1;
        }

        var rest = json[(prefix.Length + digits)..];
        if (rest.StartsWith(",\"delta\":{\"type\":\"text_delta\",\"text\":\""u8))
        {
            text = true;
            rest = rest[",\"delta\":{\"type\":\"text_delta\",\"text\":\""u8.Length..];
        }
        else if (rest.StartsWith(",\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\""u8))
        {
            rest = rest[",\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\""u8.Length..];
        }
        else
        {
            return -1;
        }

        // One search finds the end of an ASCII value; only a value with other bytes is searched again and validated.
        var end = rest.IndexOfAny(s_asciiStringStops);
        if (end >= 0 && rest[end] >= 0x80)
        {
            ascii = false;
            end = rest.IndexOfAny(s_stringStops);
            if (end >= 0 && !Utf8.IsValid(rest[..end]))
            {
                return -1;
            }
        }

        if (end < 0 || rest[end] != (byte)'"' || !rest[(end + 1)..].StartsWith("}}"u8))
        {
            return -1;
        }

        value = rest[..end];
        return json.Length - rest.Length + end + 3;
    }

    private int CopyString(ref Utf8JsonReader reader)
    {
        EnsureChars(reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length);
        return reader.CopyString(_chars);
    }

    private void EnsureChars(int length)
    {
        if (_chars.Length < length)
        {
            _chars = new char[Math.Max(length, _chars.Length * 2)];
        }
    }

    private static void ApplyDelta(InteractionDraft.BlockDraft block, string? deltaType, ReadOnlySpan<char> value)
    {
        switch (deltaType)
        {
            case "text_delta":
                block.Text.Append(value);
                break;
            case "input_json_delta":
                block.InputJson.Append(value);
                break;
        }
    }

    private SseSignals FirstTokenSignal()
    {
        if (_sawToken)
        {
            return SseSignals.None;
        }

        _sawToken = true;
        return SseSignals.FirstToken;
    }

    private static bool TryGetIndex(JsonElement root, out int index)
    {
        index = -1;
        return root.TryGetProperty("index", out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out index);
    }

    private static void Append(ref byte[] buffer, ref int length, ReadOnlySpan<byte> bytes)
    {
        if (length + bytes.Length > MaxEventBytes)
        {
            // A stream that never ends its lines is not the Messages API: stop parsing rather than hold it all in memory.
            throw new InvalidDataException($"An event stream line or event exceeds {MaxEventBytes} bytes.");
        }

        if (length + bytes.Length > buffer.Length)
        {
            Array.Resize(ref buffer, Math.Max(buffer.Length * 2, length + bytes.Length));
        }

        bytes.CopyTo(buffer.AsSpan(length));
        length += bytes.Length;
    }
}
