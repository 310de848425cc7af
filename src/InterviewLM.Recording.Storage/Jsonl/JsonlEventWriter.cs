using System.Text.Json;

namespace InterviewLM.Recording.Storage.Jsonl;

/// <summary>Writes one event as one JSONL record. The field names and shapes are the wire format in <c>schemas/v1/event.schema.json</c>.</summary>
internal static class JsonlEventWriter
{
    public static void Write(Utf8JsonWriter writer, RecordedEvent recorded)
    {
        var value = recorded.Event;
        writer.WriteStartObject();
        writer.WriteNumber(JsonlNames.Seq, recorded.Sequence);
        writer.WriteNumber(JsonlNames.Time, recorded.TimeMicroseconds);
        writer.WriteString(JsonlNames.Type, value.Type);
        switch (value)
        {
            case TextEdited edit:
                writer.WriteString(JsonlNames.FileId, edit.FileId);
                writer.WriteStartArray(JsonlNames.Changes);
                foreach (var change in edit.Changes)
                {
                    writer.WriteStartArray();
                    writer.WriteNumberValue(change.RangeOffset);
                    writer.WriteNumberValue(change.RangeLength);
                    writer.WriteStringValue(change.Text);
                    if (change.Range is { } range)
                    {
                        writer.WriteStartArray();
                        writer.WriteNumberValue(range.StartLineNumber);
                        writer.WriteNumberValue(range.StartColumn);
                        writer.WriteNumberValue(range.EndLineNumber);
                        writer.WriteNumberValue(range.EndColumn);
                        writer.WriteEndArray();
                    }

                    writer.WriteEndArray();
                }

                writer.WriteEndArray();
                WriteOptional(writer, JsonlNames.BaseHash, edit.BaseHash);
                break;
            case TerminalOutput output:
                writer.WriteString(JsonlNames.Data, output.Data);
                break;
            case TerminalInput input:
                writer.WriteString(JsonlNames.Data, input.Data);
                break;
            case CodeSnapshot snapshot:
                writer.WriteString(JsonlNames.FileId, snapshot.FileId);
                writer.WriteString(JsonlNames.Hash, snapshot.ContentHash);
                writer.WriteStartArray(JsonlNames.Diff);
                foreach (var op in snapshot.Diff)
                {
                    writer.WriteStartArray();
                    switch (op.Kind)
                    {
                        case LineDiffKind.Keep:
                            writer.WriteStringValue("=");
                            writer.WriteNumberValue(op.Count);
                            break;
                        case LineDiffKind.Delete:
                            writer.WriteStringValue("-");
                            writer.WriteNumberValue(op.Count);
                            break;
                        default:
                            writer.WriteStringValue("+");
                            foreach (var line in op.Lines)
                            {
                                writer.WriteStringValue(line);
                            }

                            break;
                    }

                    writer.WriteEndArray();
                }

                writer.WriteEndArray();
                WriteOptional(writer, JsonlNames.Content, snapshot.FullContent);
                break;
            case SessionStarted started:
                writer.WriteString(JsonlNames.SessionId, started.SessionId);
                writer.WriteString(JsonlNames.StartedAt, started.StartedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
                break;
            case SessionEnded ended:
                writer.WriteString(JsonlNames.Reason, ended.Reason);
                break;
            case CaptureFailed failed:
                writer.WriteString(JsonlNames.Source, failed.Source);
                writer.WriteString(JsonlNames.Reason, failed.Reason);
                WriteOptional(writer, JsonlNames.Detail, failed.Detail);
                break;
            case FileCreated created:
                writer.WriteString(JsonlNames.FileId, created.FileId);
                writer.WriteString(JsonlNames.Path, created.Path);
                WriteOptional(writer, JsonlNames.Language, created.Language);
                if (created.InitialContent.Length > 0)
                {
                    writer.WriteString(JsonlNames.Content, created.InitialContent);
                }

                break;
            case FileRenamed renamed:
                writer.WriteString(JsonlNames.FileId, renamed.FileId);
                writer.WriteString(JsonlNames.NewPath, renamed.NewPath);
                break;
            case FileDeleted deleted:
                writer.WriteString(JsonlNames.FileId, deleted.FileId);
                break;
            case FileSkipped skipped:
                WriteSkipped(writer, skipped);
                break;
            case TerminalStarted started:
                writer.WriteNumber(JsonlNames.Cols, started.Columns);
                writer.WriteNumber(JsonlNames.Rows, started.Rows);
                WriteOptional(writer, JsonlNames.Command, started.Command);
                WriteOptional(writer, JsonlNames.Term, started.TermType);
                break;
            case TerminalResized resized:
                writer.WriteNumber(JsonlNames.Cols, resized.Columns);
                writer.WriteNumber(JsonlNames.Rows, resized.Rows);
                break;
            case TerminalExited exited:
                if (exited.ExitCode is { } code)
                {
                    writer.WriteNumber(JsonlNames.ExitCode, code);
                }

                if (exited.Signal is { } signal)
                {
                    writer.WriteNumber(JsonlNames.Signal, signal);
                }

                break;
            case ClaudeInteraction claude:
                WriteClaude(writer, claude);
                break;
            case Marker marker:
                writer.WriteString(JsonlNames.Label, marker.Label);
                WriteOptional(writer, JsonlNames.Category, marker.Category);
                break;
            case UiEvent ui:
                writer.WriteString(JsonlNames.Source, ui.Source);
                writer.WritePropertyName(JsonlNames.Json);
                WriteEmbeddedJson(writer, ui.Json);
                break;
            case UnknownEvent unknown:
                CopyUnknownFields(writer, unknown.RawJson);
                break;
            default:
                throw new NotSupportedException($"The JSONL codec cannot write {value.GetType().Name} events.");
        }

        writer.WriteEndObject();
    }

    private static void WriteSkipped(Utf8JsonWriter writer, FileSkipped skipped)
    {
        writer.WriteString(JsonlNames.Path, skipped.Path);
        writer.WriteNumber(JsonlNames.Size, skipped.Size);
        writer.WriteString(JsonlNames.Hash, skipped.ContentHash);
        writer.WriteString(JsonlNames.Reason, skipped.Reason);
    }

    private static void WriteClaude(Utf8JsonWriter writer, ClaudeInteraction claude)
    {
        writer.WriteString(JsonlNames.Id, claude.InteractionId);
        writer.WriteString(JsonlNames.Model, claude.Model);
        writer.WriteString(JsonlNames.Prompt, claude.Prompt);
        writer.WriteString(JsonlNames.Response, claude.Response);
        writer.WriteStartObject(JsonlNames.Usage);
        writer.WriteNumber(JsonlNames.Input, claude.Usage.InputTokens);
        writer.WriteNumber(JsonlNames.Output, claude.Usage.OutputTokens);
        writer.WriteNumber(JsonlNames.CacheCreation, claude.Usage.CacheCreationInputTokens);
        writer.WriteNumber(JsonlNames.CacheRead, claude.Usage.CacheReadInputTokens);
        writer.WriteEndObject();
        writer.WriteNumber(JsonlNames.LatencyUs, claude.Latency.Ticks / TimeSpan.TicksPerMicrosecond);
        WriteOptional(writer, JsonlNames.System, claude.SystemPrompt);
        if (claude.Conversation.Count > 0)
        {
            writer.WriteStartArray(JsonlNames.Conversation);
            foreach (var message in claude.Conversation)
            {
                writer.WriteStartObject();
                writer.WriteString(JsonlNames.Role, message.Role);
                writer.WriteString(JsonlNames.Content, message.Content);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        if (claude.ToolsOffered.Count > 0)
        {
            writer.WriteStartArray(JsonlNames.Tools);
            foreach (var tool in claude.ToolsOffered)
            {
                writer.WriteStringValue(tool);
            }

            writer.WriteEndArray();
        }

        if (claude.ToolUses.Count > 0)
        {
            writer.WriteStartArray(JsonlNames.ToolUses);
            foreach (var use in claude.ToolUses)
            {
                writer.WriteStartObject();
                writer.WriteString(JsonlNames.Id, use.Id);
                writer.WriteString(JsonlNames.Name, use.Name);
                writer.WritePropertyName(JsonlNames.InputJson);
                WriteEmbeddedJson(writer, use.InputJson);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        WriteOptional(writer, JsonlNames.StopReason, claude.StopReason);
        if (claude.TimeToFirstToken is { } ttft)
        {
            writer.WriteNumber(JsonlNames.TtftUs, ttft.Ticks / TimeSpan.TicksPerMicrosecond);
        }

        if (claude.MaxTokens is { } maxTokens)
        {
            writer.WriteNumber(JsonlNames.MaxTokens, maxTokens);
        }

        if (claude.Streamed)
        {
            writer.WriteBoolean(JsonlNames.Streamed, true);
        }

        if (claude.HttpStatus is { } status)
        {
            writer.WriteNumber(JsonlNames.Status, status);
        }

        WriteOptional(writer, JsonlNames.Error, claude.Error);
        if (claude.Incomplete)
        {
            writer.WriteBoolean(JsonlNames.Incomplete, true);
        }
    }

    // Opaque JSON is embedded as-is when that keeps it byte for byte on one line; otherwise as a JSON string.
    private static void WriteEmbeddedJson(Utf8JsonWriter writer, string json)
    {
        if (CanEmbedRaw(json))
        {
            writer.WriteRawValue(json, skipInputValidation: false);
        }
        else
        {
            writer.WriteStringValue(json);
        }
    }

    internal static bool CanEmbedRaw(string json) =>
        json.Length >= 2 &&
        ((json[0] == '{' && json[^1] == '}') || (json[0] == '[' && json[^1] == ']')) &&
        json.AsSpan().IndexOfAny('\n', '\r') < 0;

    private static void CopyUnknownFields(Utf8JsonWriter writer, string rawJson)
    {
        using var document = JsonDocument.Parse(rawJson);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (property.NameEquals(JsonlNames.Seq) || property.NameEquals(JsonlNames.Time) || property.NameEquals(JsonlNames.Type))
            {
                continue;
            }

            property.WriteTo(writer);
        }
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
