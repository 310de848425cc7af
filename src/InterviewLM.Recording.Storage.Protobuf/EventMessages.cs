using System.Buffers;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using InterviewLM.Recording.Storage.Protobuf.Schema;
using Wire = InterviewLM.Recording.Storage.Protobuf.Schema;

namespace InterviewLM.Recording.Storage.Protobuf;

/// <summary>Maps session events to and from their whole-event Protobuf messages.</summary>
internal static class EventMessages
{
    public static Event ToMessage(SessionEvent value) => value switch
    {
        SessionStarted e => new Event
        {
            SessionStarted = new Wire.SessionStarted
            {
                SessionId = e.SessionId,
                StartedAtUtcTicks = e.StartedAt.UtcTicks,
                StartedAtOffsetMinutes = (int)e.StartedAt.Offset.TotalMinutes,
            },
        },
        SessionEnded e => new Event { SessionEnded = new Wire.SessionEnded { Reason = e.Reason } },
        FileCreated e => new Event { FileCreated = WithLanguage(new Wire.FileCreated { FileId = e.FileId, Path = e.Path, InitialContent = e.InitialContent }, e.Language) },
        FileRenamed e => new Event { FileRenamed = new Wire.FileRenamed { FileId = e.FileId, NewPath = e.NewPath } },
        FileDeleted e => new Event { FileDeleted = new Wire.FileDeleted { FileId = e.FileId } },
        FileSkipped e => ToMessage(e),
        TextEdited e => new Event { TextEdited = ToMessage(e) },
        CodeSnapshot e => new Event { CodeSnapshot = ToMessage(e) },
        TerminalStarted e => new Event { TerminalStarted = ToMessage(e) },
        TerminalOutput e => new Event { TerminalOutput = new Wire.TerminalOutput { Data = e.Data } },
        TerminalInput e => new Event { TerminalInput = new Wire.TerminalInput { Data = e.Data } },
        TerminalResized e => new Event { TerminalResized = new Wire.TerminalResized { Columns = e.Columns, Rows = e.Rows } },
        TerminalExited e => new Event { TerminalExited = ToMessage(e) },
        ClaudeInteraction e => new Event { ClaudeInteraction = ToMessage(e) },
        Marker e => new Event { Marker = e.Category is null ? new Wire.Marker { Label = e.Label } : new Wire.Marker { Label = e.Label, Category = e.Category } },
        UiEvent e => new Event { UiEvent = new Wire.UiEvent { Source = e.Source, Json = e.Json } },
        CaptureFailed e => ToMessage(e),
        UnknownEvent e => PassedThrough(e) ?? new Event { UnknownEvent = new Wire.UnknownEvent { TypeName = e.TypeName, RawJson = e.RawJson } },
        _ => throw new ArgumentException($"The protobuf-brotli codec cannot encode events of type {value.GetType().Name}.", nameof(value)),
    };

    public static SessionEvent FromMessage(Event message) => message.PayloadCase switch
    {
        Event.PayloadOneofCase.SessionStarted => new SessionStarted(
            message.SessionStarted.SessionId,
            new DateTimeOffset(message.SessionStarted.StartedAtUtcTicks, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(message.SessionStarted.StartedAtOffsetMinutes))),
        Event.PayloadOneofCase.SessionEnded => new SessionEnded(message.SessionEnded.Reason),
        Event.PayloadOneofCase.FileCreated => new FileCreated(
            message.FileCreated.FileId, message.FileCreated.Path, message.FileCreated.HasLanguage ? message.FileCreated.Language : null, message.FileCreated.InitialContent),
        Event.PayloadOneofCase.FileRenamed => new FileRenamed(message.FileRenamed.FileId, message.FileRenamed.NewPath),
        Event.PayloadOneofCase.FileDeleted => new FileDeleted(message.FileDeleted.FileId),
        Event.PayloadOneofCase.FileSkipped => FromMessage(message.FileSkipped),
        Event.PayloadOneofCase.TextEdited => FromMessage(message.TextEdited),
        Event.PayloadOneofCase.CodeSnapshot => FromMessage(message.CodeSnapshot),
        Event.PayloadOneofCase.TerminalStarted => new TerminalStarted(
            message.TerminalStarted.Columns,
            message.TerminalStarted.Rows,
            message.TerminalStarted.HasCommand ? message.TerminalStarted.Command : null,
            message.TerminalStarted.HasTermType ? message.TerminalStarted.TermType : null),
        Event.PayloadOneofCase.TerminalOutput => new TerminalOutput(message.TerminalOutput.Data),
        Event.PayloadOneofCase.TerminalInput => new TerminalInput(message.TerminalInput.Data),
        Event.PayloadOneofCase.TerminalResized => new TerminalResized(message.TerminalResized.Columns, message.TerminalResized.Rows),
        Event.PayloadOneofCase.TerminalExited => new TerminalExited(
            message.TerminalExited.HasExitCode ? message.TerminalExited.ExitCode : null,
            message.TerminalExited.HasSignal ? message.TerminalExited.Signal : null),
        Event.PayloadOneofCase.ClaudeInteraction => FromMessage(message.ClaudeInteraction),
        Event.PayloadOneofCase.Marker => new Marker(message.Marker.Label, message.Marker.HasCategory ? message.Marker.Category : null),
        Event.PayloadOneofCase.UiEvent => new UiEvent(message.UiEvent.Source, message.UiEvent.Json),
        Event.PayloadOneofCase.CaptureFailed => FromMessage(message.CaptureFailed),
        Event.PayloadOneofCase.UnknownEvent => new UnknownEvent(message.UnknownEvent.TypeName, message.UnknownEvent.RawJson),
        _ => PassThrough(message),
    };

    /// <summary>The property of a passed-through event's raw JSON that holds the original message, base64.</summary>
    private const string ProtobufProperty = "protobuf";

    /// <summary>Keeps an event of a payload case this version does not know (a newer writer's) as an <see cref="UnknownEvent"/>, as the JSONL codecs do.</summary>
    private static UnknownEvent PassThrough(Event message)
    {
        var bytes = message.ToByteArray();
        var unknownCase = FirstUnknownField(bytes);
        if (unknownCase == 0)
        {
            throw new InvalidDataException("An event message carries no payload.");
        }

        var typeName = message.TypeName.Length > 0 ? message.TypeName : $"protobuf_event_{unknownCase}";
        var json = new ArrayBufferWriter<byte>(bytes.Length * 4 / 3 + typeName.Length + 32);
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            writer.WriteString("type", typeName);
            writer.WriteBase64String(ProtobufProperty, bytes);
            writer.WriteEndObject();
        }

        return new UnknownEvent(typeName, Encoding.UTF8.GetString(json.WrittenSpan));
    }

    /// <summary>The original message of an event <see cref="PassThrough"/> kept, or <see langword="null"/> for any other unknown event.</summary>
    private static Event? PassedThrough(UnknownEvent e)
    {
        if (!e.RawJson.Contains("\"protobuf\"", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(e.RawJson);
            if (document.RootElement.ValueKind != JsonValueKind.Object ||
                !document.RootElement.TryGetProperty(ProtobufProperty, out var encoded) || encoded.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            // Only the envelope PassThrough writes (and the seq/t a JSONL round trip adds); anything else is someone's own JSON.
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name is not ("type" or ProtobufProperty or "seq" or "t"))
                {
                    return null;
                }
            }

            var message = Event.Parser.ParseFrom(encoded.GetBytesFromBase64());
            var name = message.TypeName.Length > 0 ? message.TypeName : $"protobuf_event_{FirstUnknownField(message.ToByteArray())}";
            return message.PayloadCase == Event.PayloadOneofCase.None && name == e.TypeName ? message : null;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or InvalidProtocolBufferException)
        {
            return null;
        }
    }

    /// <summary>The number of the first field of a serialized <see cref="Event"/> that this schema does not define, or 0.</summary>
    private static int FirstUnknownField(byte[] bytes)
    {
        var input = new CodedInputStream(bytes);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var field = WireFormat.GetTagFieldNumber(tag);
            if (field is not ((>= Event.SessionStartedFieldNumber and <= Event.UnknownEventFieldNumber) or Event.TypeNameFieldNumber or Event.FileSkippedFieldNumber))
            {
                return field;
            }

            input.SkipLastField();
        }

        return 0;
    }

    // A payload case added after v1: the type name goes along, so a reader that predates the case passes the event through.
    private static Event ToMessage(FileSkipped e) => new()
    {
        FileSkipped = new Wire.FileSkipped { Path = e.Path, Size = e.Size, ContentHash = e.ContentHash, Reason = e.Reason },
        TypeName = FileSkipped.TypeName,
    };

    private static FileSkipped FromMessage(Wire.FileSkipped message) => new(message.Path, message.Size, message.ContentHash, message.Reason);

    // A case added after schema v1: the type name travels with it, so an older reader passes it through by name.
    private static Event ToMessage(CaptureFailed e)
    {
        var message = new Wire.CaptureFailed { Source = e.Source, Reason = e.Reason };
        if (e.Detail is not null)
        {
            message.Detail = e.Detail;
        }

        return new Event { CaptureFailed = message, TypeName = CaptureFailed.TypeName };
    }

    private static CaptureFailed FromMessage(Wire.CaptureFailed message) =>
        new(message.Source, message.Reason, message.HasDetail ? message.Detail : null);

    private static Wire.FileCreated WithLanguage(Wire.FileCreated message, string? language)
    {
        if (language is not null)
        {
            message.Language = language;
        }

        return message;
    }

    private static Wire.TextEdited ToMessage(TextEdited e)
    {
        var message = new Wire.TextEdited { FileId = e.FileId };
        if (e.BaseHash is not null)
        {
            message.BaseHash = e.BaseHash;
        }

        foreach (var change in e.Changes)
        {
            var item = new Wire.TextChange { RangeOffset = change.RangeOffset, RangeLength = change.RangeLength, Text = change.Text };
            if (change.Range is { } range)
            {
                item.Range = new Wire.TextRange
                {
                    StartLineNumber = range.StartLineNumber,
                    StartColumn = range.StartColumn,
                    EndLineNumber = range.EndLineNumber,
                    EndColumn = range.EndColumn,
                };
            }

            message.Changes.Add(item);
        }

        return message;
    }

    private static TextEdited FromMessage(Wire.TextEdited message)
    {
        var changes = new InterviewLM.Recording.TextChange[message.Changes.Count];
        for (var i = 0; i < changes.Length; i++)
        {
            var c = message.Changes[i];
            InterviewLM.Recording.TextRange? range = c.Range is { } r ? new InterviewLM.Recording.TextRange(r.StartLineNumber, r.StartColumn, r.EndLineNumber, r.EndColumn) : null;
            changes[i] = new InterviewLM.Recording.TextChange(c.RangeOffset, c.RangeLength, c.Text, range);
        }

        return new TextEdited(message.FileId, changes, message.HasBaseHash ? message.BaseHash : null);
    }

    private static Wire.CodeSnapshot ToMessage(CodeSnapshot e)
    {
        var message = new Wire.CodeSnapshot { FileId = e.FileId, ContentHash = e.ContentHash };
        if (e.FullContent is not null)
        {
            message.FullContent = e.FullContent;
        }

        foreach (var op in e.Diff)
        {
            var item = new Wire.LineDiffOperation { Kind = (uint)op.Kind, Count = op.Count };
            item.Lines.AddRange(op.Lines);
            message.Diff.Add(item);
        }

        return message;
    }

    private static CodeSnapshot FromMessage(Wire.CodeSnapshot message)
    {
        var diff = new InterviewLM.Recording.LineDiffOperation[message.Diff.Count];
        for (var i = 0; i < diff.Length; i++)
        {
            var op = message.Diff[i];
            if (op.Kind > (uint)LineDiffKind.Insert)
            {
                throw new InvalidDataException($"Unknown line diff kind {op.Kind}.");
            }

            diff[i] = new InterviewLM.Recording.LineDiffOperation((LineDiffKind)op.Kind, op.Count, op.Lines.ToArray());
        }

        return new CodeSnapshot(message.FileId, message.ContentHash, diff, message.HasFullContent ? message.FullContent : null);
    }

    private static Wire.TerminalStarted ToMessage(TerminalStarted e)
    {
        var message = new Wire.TerminalStarted { Columns = e.Columns, Rows = e.Rows };
        if (e.Command is not null)
        {
            message.Command = e.Command;
        }

        if (e.TermType is not null)
        {
            message.TermType = e.TermType;
        }

        return message;
    }

    private static Wire.TerminalExited ToMessage(TerminalExited e)
    {
        var message = new Wire.TerminalExited();
        if (e.ExitCode is { } code)
        {
            message.ExitCode = code;
        }

        if (e.Signal is { } signal)
        {
            message.Signal = signal;
        }

        return message;
    }

    private static Wire.ClaudeInteraction ToMessage(ClaudeInteraction e)
    {
        var message = new Wire.ClaudeInteraction
        {
            InteractionId = e.InteractionId,
            Model = e.Model,
            Prompt = e.Prompt,
            Response = e.Response,
            Usage = new Wire.ClaudeUsage
            {
                InputTokens = e.Usage.InputTokens,
                OutputTokens = e.Usage.OutputTokens,
                CacheCreationInputTokens = e.Usage.CacheCreationInputTokens,
                CacheReadInputTokens = e.Usage.CacheReadInputTokens,
            },
            LatencyTicks = e.Latency.Ticks,
            Streamed = e.Streamed,
            Incomplete = e.Incomplete,
        };
        if (e.SystemPrompt is not null)
        {
            message.SystemPrompt = e.SystemPrompt;
        }

        if (e.StopReason is not null)
        {
            message.StopReason = e.StopReason;
        }

        if (e.TimeToFirstToken is { } ttft)
        {
            message.TimeToFirstTokenTicks = ttft.Ticks;
        }

        if (e.MaxTokens is { } maxTokens)
        {
            message.MaxTokens = maxTokens;
        }

        if (e.HttpStatus is { } status)
        {
            message.HttpStatus = status;
        }

        if (e.Error is not null)
        {
            message.Error = e.Error;
        }

        foreach (var m in e.Conversation)
        {
            message.Conversation.Add(new Wire.ClaudeMessage { Role = m.Role, Content = m.Content });
        }

        message.ToolsOffered.AddRange(e.ToolsOffered);
        foreach (var t in e.ToolUses)
        {
            message.ToolUses.Add(new Wire.ClaudeToolUse { Id = t.Id, Name = t.Name, InputJson = t.InputJson });
        }

        return message;
    }

    private static ClaudeInteraction FromMessage(Wire.ClaudeInteraction m)
    {
        var usage = m.Usage ?? new Wire.ClaudeUsage();
        return new ClaudeInteraction(
            m.InteractionId,
            m.Model,
            m.Prompt,
            m.Response,
            new InterviewLM.Recording.ClaudeUsage(usage.InputTokens, usage.OutputTokens, usage.CacheCreationInputTokens, usage.CacheReadInputTokens),
            TimeSpan.FromTicks(m.LatencyTicks))
        {
            SystemPrompt = m.HasSystemPrompt ? m.SystemPrompt : null,
            Conversation = m.Conversation.Select(static c => new InterviewLM.Recording.ClaudeMessage(c.Role, c.Content)).ToArray(),
            ToolsOffered = m.ToolsOffered.ToArray(),
            ToolUses = m.ToolUses.Select(static t => new InterviewLM.Recording.ClaudeToolUse(t.Id, t.Name, t.InputJson)).ToArray(),
            StopReason = m.HasStopReason ? m.StopReason : null,
            TimeToFirstToken = m.HasTimeToFirstTokenTicks ? TimeSpan.FromTicks(m.TimeToFirstTokenTicks) : null,
            MaxTokens = m.HasMaxTokens ? m.MaxTokens : null,
            Streamed = m.Streamed,
            HttpStatus = m.HasHttpStatus ? m.HttpStatus : null,
            Error = m.HasError ? m.Error : null,
            Incomplete = m.Incomplete,
        };
    }
}
