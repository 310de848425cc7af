using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace InterviewLM.Recording.Storage.Jsonl;

/// <summary>Parses one JSONL record (one line, without its terminator) into a <see cref="RecordedEvent"/>. Reusable, not thread-safe.</summary>
/// <remarks>
/// Fields may come in any order; unknown fields of known types are ignored; unknown types become <see cref="UnknownEvent"/>.
/// A malformed line throws <see cref="JsonException"/> (a field of the wrong type included, naming the field).
/// </remarks>
internal sealed class JsonlEventReader
{
    private readonly List<TextChange> _changes = [];
    private readonly List<LineDiffOperation> _diff = [];
    private readonly List<ClaudeMessage> _conversation = [];
    private readonly List<string> _tools = [];
    private readonly List<ClaudeToolUse> _toolUses = [];
    private readonly List<string> _lines = [];

    /// <summary>Parses an event line of a stored block: <c>seq</c>, <c>t</c> and <c>type</c> are required.</summary>
    public RecordedEvent Parse(ReadOnlySpan<byte> line)
    {
        var value = ParseCore(line, strict: false, out var seq, out var time)!;
        return new RecordedEvent(seq.GetValueOrDefault(), time, value); // not strict: ParseCore required "seq"
    }

    /// <summary>Parses a line of JSON Lines from elsewhere: <c>seq</c> is optional, nothing may follow the object, and a block header or keyframe line gives <see langword="null"/>.</summary>
    public JsonlEventLine? ParseLine(ReadOnlySpan<byte> line)
    {
        var value = ParseCore(line, strict: true, out var seq, out var time);
        return value is null ? null : new JsonlEventLine(seq, time, value);
    }

    // Strict: a first property "$block" or "$keyframe" marks a framing line (null), and the line must hold one value only.
    private SessionEvent? ParseCore(ReadOnlySpan<byte> line, bool strict, out long? sequence, out TimeSpan time)
    {
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        Fields f = default;
        _changes.Clear();
        _diff.Clear();
        _conversation.Clear();
        _tools.Clear();
        _toolUses.Clear();
        Expect(ref reader, JsonTokenType.StartObject);
        ReadOnlySpan<byte> name = default;
        try
        {
            var first = true;
            while (Read(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
            {
                name = reader.ValueSpan;
                if (strict && first && (name.SequenceEqual("$block"u8) || name.SequenceEqual("$keyframe"u8)))
                {
                    sequence = null;
                    time = default;
                    return null;
                }

                first = false;
                ReadField(ref reader, ref f, name, line);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or OverflowException)
        {
            // A field of the wrong type (a string where a number belongs, a date that is not one): name the field.
            throw new JsonException($"\"{Encoding.UTF8.GetString(name)}\" has the wrong type or value: {ex.Message}", ex);
        }

        if (reader.TokenType != JsonTokenType.EndObject || f.TimeUs is not { } timeUs || f.Type is null || (!strict && f.Seq is null))
        {
            throw new JsonException(strict ? "An event record needs \"t\" and \"type\"." : "An event record needs \"seq\", \"t\" and \"type\".");
        }

        if (strict)
        {
            // One value a line: anything but white space after the object makes the JSON reader throw.
            _ = reader.Read();
        }

        if (timeUs is > long.MaxValue / TimeSpan.TicksPerMicrosecond or < long.MinValue / TimeSpan.TicksPerMicrosecond)
        {
            throw new JsonException($"\"t\" is {timeUs} µs, more than a time span holds.");
        }

        var value = Build(ref f, line);
        sequence = f.Seq;
        time = TimeSpan.FromTicks(timeUs * TimeSpan.TicksPerMicrosecond);
        return value;
    }

    private void ReadField(ref Utf8JsonReader reader, ref Fields f, ReadOnlySpan<byte> name, ReadOnlySpan<byte> line)
    {
        Read(ref reader);
        if (name.SequenceEqual("seq"u8)) f.Seq = reader.GetInt64();
        else if (name.SequenceEqual("t"u8)) f.TimeUs = reader.GetInt64();
        else if (name.SequenceEqual("type"u8)) f.Type = reader.GetString();
        else if (name.SequenceEqual("fileId"u8)) f.FileId = reader.GetString();
        else if (name.SequenceEqual("data"u8)) f.Data = reader.GetString();
        else if (name.SequenceEqual("changes"u8)) ReadChanges(ref reader);
        else if (name.SequenceEqual("baseHash"u8)) f.BaseHash = ReadNullableString(ref reader);
        else if (name.SequenceEqual("hash"u8)) f.Hash = reader.GetString();
        else if (name.SequenceEqual("size"u8)) f.Size = reader.GetInt64();
        else if (name.SequenceEqual("diff"u8)) ReadDiff(ref reader);
        else if (name.SequenceEqual("content"u8)) f.Content = ReadNullableString(ref reader);
        else if (name.SequenceEqual("sessionId"u8)) f.SessionId = reader.GetString();
        else if (name.SequenceEqual("startedAt"u8)) f.StartedAt = DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        else if (name.SequenceEqual("reason"u8)) f.Reason = reader.GetString();
        else if (name.SequenceEqual("detail"u8)) f.Detail = ReadNullableString(ref reader);
        else if (name.SequenceEqual("path"u8)) f.Path = reader.GetString();
        else if (name.SequenceEqual("language"u8)) f.Language = ReadNullableString(ref reader);
        else if (name.SequenceEqual("newPath"u8)) f.NewPath = reader.GetString();
        else if (name.SequenceEqual("cols"u8)) f.Cols = reader.GetInt32();
        else if (name.SequenceEqual("rows"u8)) f.Rows = reader.GetInt32();
        else if (name.SequenceEqual("command"u8)) f.Command = ReadNullableString(ref reader);
        else if (name.SequenceEqual("term"u8)) f.Term = ReadNullableString(ref reader);
        else if (name.SequenceEqual("exitCode"u8)) f.ExitCode = ReadNullableInt(ref reader);
        else if (name.SequenceEqual("signal"u8)) f.Signal = ReadNullableInt(ref reader);
        else if (name.SequenceEqual("id"u8)) f.Id = reader.GetString();
        else if (name.SequenceEqual("model"u8)) f.Model = reader.GetString();
        else if (name.SequenceEqual("prompt"u8)) f.Prompt = reader.GetString();
        else if (name.SequenceEqual("response"u8)) f.Response = reader.GetString();
        else if (name.SequenceEqual("usage"u8)) f.Usage = ReadUsage(ref reader);
        else if (name.SequenceEqual("latencyUs"u8)) f.LatencyUs = reader.GetInt64();
        else if (name.SequenceEqual("system"u8)) f.System = ReadNullableString(ref reader);
        else if (name.SequenceEqual("conversation"u8)) ReadConversation(ref reader);
        else if (name.SequenceEqual("tools"u8)) ReadStrings(ref reader, _tools);
        else if (name.SequenceEqual("toolUses"u8)) ReadToolUses(ref reader, line);
        else if (name.SequenceEqual("stopReason"u8)) f.StopReason = ReadNullableString(ref reader);
        else if (name.SequenceEqual("ttftUs"u8)) f.TtftUs = reader.TokenType == JsonTokenType.Null ? null : reader.GetInt64();
        else if (name.SequenceEqual("maxTokens"u8)) f.MaxTokens = ReadNullableInt(ref reader);
        else if (name.SequenceEqual("streamed"u8)) f.Streamed = reader.GetBoolean();
        else if (name.SequenceEqual("status"u8)) f.Status = ReadNullableInt(ref reader);
        else if (name.SequenceEqual("error"u8)) f.Error = ReadNullableString(ref reader);
        else if (name.SequenceEqual("incomplete"u8)) f.Incomplete = reader.GetBoolean();
        else if (name.SequenceEqual("label"u8)) f.Label = reader.GetString();
        else if (name.SequenceEqual("category"u8)) f.Category = ReadNullableString(ref reader);
        else if (name.SequenceEqual("source"u8)) f.Source = reader.GetString();
        else if (name.SequenceEqual("json"u8)) f.Json = ReadEmbeddedJson(ref reader, line);
        else reader.Skip();
    }

    private SessionEvent Build(ref Fields f, ReadOnlySpan<byte> line) => f.Type switch
    {
        TextEdited.TypeName => new TextEdited(Required(f.FileId, "fileId"), _changes.ToImmutableArray(), f.BaseHash),
        TerminalOutput.TypeName => new TerminalOutput(Required(f.Data, "data")),
        TerminalInput.TypeName => new TerminalInput(Required(f.Data, "data")),
        CodeSnapshot.TypeName => new CodeSnapshot(Required(f.FileId, "fileId"), Required(f.Hash, "hash"), _diff.ToImmutableArray(), f.Content),
        SessionStarted.TypeName => new SessionStarted(Required(f.SessionId, "sessionId"), f.StartedAt ?? throw Missing("startedAt")),
        SessionEnded.TypeName => new SessionEnded(Required(f.Reason, "reason")),
        CaptureFailed.TypeName => new CaptureFailed(Required(f.Source, "source"), Required(f.Reason, "reason"), f.Detail),
        FileCreated.TypeName => new FileCreated(Required(f.FileId, "fileId"), Required(f.Path, "path"), f.Language, f.Content ?? string.Empty),
        FileRenamed.TypeName => new FileRenamed(Required(f.FileId, "fileId"), Required(f.NewPath, "newPath")),
        FileDeleted.TypeName => new FileDeleted(Required(f.FileId, "fileId")),
        FileSkipped.TypeName => BuildSkipped(ref f),
        TerminalStarted.TypeName => new TerminalStarted(f.Cols ?? throw Missing("cols"), f.Rows ?? throw Missing("rows"), f.Command, f.Term),
        TerminalResized.TypeName => new TerminalResized(f.Cols ?? throw Missing("cols"), f.Rows ?? throw Missing("rows")),
        TerminalExited.TypeName => new TerminalExited(f.ExitCode, f.Signal),
        ClaudeInteraction.TypeName => new ClaudeInteraction(
            Required(f.Id, "id"),
            Required(f.Model, "model"),
            Required(f.Prompt, "prompt"),
            Required(f.Response, "response"),
            f.Usage ?? ClaudeUsage.None,
            TimeSpan.FromTicks((f.LatencyUs ?? 0) * TimeSpan.TicksPerMicrosecond))
        {
            SystemPrompt = f.System,
            Conversation = _conversation.ToImmutableArray(),
            ToolsOffered = _tools.ToImmutableArray(),
            ToolUses = _toolUses.ToImmutableArray(),
            StopReason = f.StopReason,
            TimeToFirstToken = f.TtftUs is { } ttft ? TimeSpan.FromTicks(ttft * TimeSpan.TicksPerMicrosecond) : null,
            MaxTokens = f.MaxTokens,
            Streamed = f.Streamed,
            HttpStatus = f.Status,
            Error = f.Error,
            Incomplete = f.Incomplete,
        },
        Marker.TypeName => new Marker(Required(f.Label, "label"), f.Category),
        UiEvent.TypeName => new UiEvent(Required(f.Source, "source"), Required(f.Json, "json")),
        _ => new UnknownEvent(f.Type!, Encoding.UTF8.GetString(line)),
    };

    private static FileSkipped BuildSkipped(ref Fields f) =>
        new(Required(f.Path, "path"), f.Size ?? throw Missing("size"), Required(f.Hash, "hash"), Required(f.Reason, "reason"));

    private void ReadChanges(ref Utf8JsonReader reader)
    {
        Require(ref reader, JsonTokenType.StartArray);
        while (Read(ref reader) && reader.TokenType == JsonTokenType.StartArray)
        {
            Read(ref reader);
            var offset = reader.GetInt32();
            Read(ref reader);
            var length = reader.GetInt32();
            Read(ref reader);
            var text = reader.GetString() ?? throw Missing("change text");
            TextRange? range = null;
            Read(ref reader);
            if (reader.TokenType == JsonTokenType.StartArray)
            {
                Read(ref reader);
                var startLine = reader.GetInt32();
                Read(ref reader);
                var startColumn = reader.GetInt32();
                Read(ref reader);
                var endLine = reader.GetInt32();
                Read(ref reader);
                var endColumn = reader.GetInt32();
                Expect(ref reader, JsonTokenType.EndArray);
                range = new TextRange(startLine, startColumn, endLine, endColumn);
                Read(ref reader);
            }

            Require(ref reader, JsonTokenType.EndArray);
            _changes.Add(new TextChange(offset, length, text, range));
        }

        Require(ref reader, JsonTokenType.EndArray);
    }

    private void ReadDiff(ref Utf8JsonReader reader)
    {
        Require(ref reader, JsonTokenType.StartArray);
        while (Read(ref reader) && reader.TokenType == JsonTokenType.StartArray)
        {
            Read(ref reader);
            var op = reader.ValueSpan;
            if (op.SequenceEqual("="u8) || op.SequenceEqual("-"u8))
            {
                var kind = op[0] == (byte)'=' ? LineDiffKind.Keep : LineDiffKind.Delete;
                Read(ref reader);
                var count = reader.GetInt32();
                Expect(ref reader, JsonTokenType.EndArray);
                _diff.Add(kind == LineDiffKind.Keep ? LineDiffOperation.Keep(count) : LineDiffOperation.Delete(count));
            }
            else if (op.SequenceEqual("+"u8))
            {
                _lines.Clear();
                while (Read(ref reader) && reader.TokenType == JsonTokenType.String)
                {
                    _lines.Add(reader.GetString()!);
                }

                Require(ref reader, JsonTokenType.EndArray);
                _diff.Add(LineDiffOperation.Insert(_lines.ToImmutableArray()));
            }
            else
            {
                throw new JsonException("A diff operation starts with \"=\", \"-\" or \"+\".");
            }
        }

        Require(ref reader, JsonTokenType.EndArray);
    }

    private static ClaudeUsage ReadUsage(ref Utf8JsonReader reader)
    {
        Require(ref reader, JsonTokenType.StartObject);
        long input = 0, output = 0, cacheCreation = 0, cacheRead = 0;
        while (Read(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            Read(ref reader);
            if (name.SequenceEqual("input"u8)) input = reader.GetInt64();
            else if (name.SequenceEqual("output"u8)) output = reader.GetInt64();
            else if (name.SequenceEqual("cacheCreation"u8)) cacheCreation = reader.GetInt64();
            else if (name.SequenceEqual("cacheRead"u8)) cacheRead = reader.GetInt64();
            else reader.Skip();
        }

        return new ClaudeUsage(input, output, cacheCreation, cacheRead);
    }

    private void ReadConversation(ref Utf8JsonReader reader)
    {
        Require(ref reader, JsonTokenType.StartArray);
        while (Read(ref reader) && reader.TokenType == JsonTokenType.StartObject)
        {
            string? role = null, content = null;
            while (Read(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.ValueSpan;
                Read(ref reader);
                if (name.SequenceEqual("role"u8)) role = reader.GetString();
                else if (name.SequenceEqual("content"u8)) content = reader.GetString();
                else reader.Skip();
            }

            _conversation.Add(new ClaudeMessage(Required(role, "role"), Required(content, "content")));
        }

        Require(ref reader, JsonTokenType.EndArray);
    }

    private void ReadToolUses(ref Utf8JsonReader reader, ReadOnlySpan<byte> line)
    {
        Require(ref reader, JsonTokenType.StartArray);
        while (Read(ref reader) && reader.TokenType == JsonTokenType.StartObject)
        {
            string? id = null, name = null, input = null;
            while (Read(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
            {
                var property = reader.ValueSpan;
                Read(ref reader);
                if (property.SequenceEqual("id"u8)) id = reader.GetString();
                else if (property.SequenceEqual("name"u8)) name = reader.GetString();
                else if (property.SequenceEqual("input"u8)) input = ReadEmbeddedJson(ref reader, line);
                else reader.Skip();
            }

            _toolUses.Add(new ClaudeToolUse(Required(id, "id"), Required(name, "name"), Required(input, "input")));
        }

        Require(ref reader, JsonTokenType.EndArray);
    }

    private static void ReadStrings(ref Utf8JsonReader reader, List<string> into)
    {
        Require(ref reader, JsonTokenType.StartArray);
        while (Read(ref reader) && reader.TokenType == JsonTokenType.String)
        {
            into.Add(reader.GetString()!);
        }

        Require(ref reader, JsonTokenType.EndArray);
    }

    // Opaque JSON arrives either embedded (an object or array: its exact bytes) or as a string holding the JSON text.
    private static string ReadEmbeddedJson(ref Utf8JsonReader reader, ReadOnlySpan<byte> line)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString()!;
        }

        if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            throw new JsonException("Embedded JSON must be an object, an array or a string.");
        }

        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        var end = (int)reader.BytesConsumed;
        return Encoding.UTF8.GetString(line[start..end]);
    }

    private static string? ReadNullableString(ref Utf8JsonReader reader) => reader.TokenType == JsonTokenType.Null ? null : reader.GetString();

    private static int? ReadNullableInt(ref Utf8JsonReader reader) => reader.TokenType == JsonTokenType.Null ? null : reader.GetInt32();

    private static bool Read(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new JsonException("The record ends early.");
        }

        return true;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        Read(ref reader);
        Require(ref reader, type);
    }

    private static void Require(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (reader.TokenType != type)
        {
            throw new JsonException($"Expected {type} but found {reader.TokenType}.");
        }
    }

    private static string Required(string? value, string name) => value ?? throw Missing(name);

    private static JsonException Missing(string name) => new($"The record has no \"{name}\".");

    private struct Fields
    {
        public long? Seq;
        public long? TimeUs;
        public string? Type;
        public string? FileId;
        public string? Data;
        public string? BaseHash;
        public string? Hash;
        public long? Size;
        public string? Content;
        public string? SessionId;
        public DateTimeOffset? StartedAt;
        public string? Reason;
        public string? Detail;
        public string? Path;
        public string? Language;
        public string? NewPath;
        public int? Cols;
        public int? Rows;
        public string? Command;
        public string? Term;
        public int? ExitCode;
        public int? Signal;
        public string? Id;
        public string? Model;
        public string? Prompt;
        public string? Response;
        public ClaudeUsage? Usage;
        public long? LatencyUs;
        public string? System;
        public string? StopReason;
        public long? TtftUs;
        public int? MaxTokens;
        public bool Streamed;
        public int? Status;
        public string? Error;
        public bool Incomplete;
        public string? Label;
        public string? Category;
        public string? Source;
        public string? Json;
    }
}
