using System.Text.Json;

namespace InterviewLM.Recording;

/// <summary>Checks events against what the session knows so far (files and their lengths) and tracks that knowledge.</summary>
/// <remarks>Not thread-safe: the recorder calls it under its lock. <see cref="Validate"/> changes nothing; <see cref="Commit"/> does.</remarks>
internal sealed class SessionEventValidator
{
    private readonly Dictionary<string, TrackedFile> _files = new(StringComparer.Ordinal);

    public int FileCount => _files.Count;

    public void Validate(SessionEvent value)
    {
        switch (value)
        {
            case SessionStarted or SessionEnded:
                throw Reject(value, "the recorder writes session start and end itself");
            case FileCreated created:
                RequireText(created.FileId, nameof(created.FileId), value);
                RequireText(created.Path, nameof(created.Path), value);
                ArgumentNullException.ThrowIfNull(created.InitialContent);
                if (_files.ContainsKey(created.FileId))
                {
                    throw Reject(value, $"file '{created.FileId}' already exists");
                }

                break;
            case FileRenamed renamed:
                RequireKnown(renamed.FileId, value);
                RequireText(renamed.NewPath, nameof(renamed.NewPath), value);
                break;
            case FileDeleted deleted:
                RequireKnown(deleted.FileId, value);
                break;
            case TextEdited edited:
                ValidateEdit(edited, RequireKnown(edited.FileId, value));
                break;
            case CodeSnapshot snapshot:
                var file = RequireKnown(snapshot.FileId, value);
                if (snapshot.ContentHash is null || snapshot.ContentHash.Length != 64 || !snapshot.ContentHash.All(char.IsAsciiHexDigitLower))
                {
                    throw Reject(value, "the content hash must be 64 lowercase hex digits (SHA-256)");
                }

                if (snapshot.FullContent is not null && snapshot.FullContent.Length != file.Length)
                {
                    throw Reject(value, $"its full content has {snapshot.FullContent.Length} UTF-16 units but the edits recorded so far give the file {file.Length}");
                }

                foreach (var op in snapshot.Diff)
                {
                    if (op is null || op.Count < 0 || (op.Kind == LineDiffKind.Insert && op.Count != op.Lines.Count))
                    {
                        throw Reject(value, "a line diff operation is malformed");
                    }
                }

                break;
            case TerminalStarted started:
                RequireSize(started.Columns, started.Rows, value);
                break;
            case TerminalResized resized:
                RequireSize(resized.Columns, resized.Rows, value);
                break;
            case TerminalOutput output:
                ArgumentNullException.ThrowIfNull(output.Data);
                break;
            case TerminalInput input:
                ArgumentNullException.ThrowIfNull(input.Data);
                break;
            case ClaudeInteraction claude:
                ValidateClaude(claude);
                break;
            case Marker marker:
                RequireText(marker.Label, nameof(marker.Label), value);
                break;
            case UiEvent ui:
                RequireText(ui.Source, nameof(ui.Source), value);
                RequireJson(ui.Json, value);
                break;
            case UnknownEvent unknown:
                RequireText(unknown.TypeName, nameof(unknown.TypeName), value);
                RequireJson(unknown.RawJson, value);
                break;
            case TerminalExited:
                break;
            case FileSkipped skipped:
                ValidateSkipped(skipped);
                break;
            case CaptureFailed failed:
                ValidateCaptureFailed(failed);
                break;
            default:
                throw Reject(value, "the event type is not supported by this recorder");
        }
    }

    public void Commit(SessionEvent value, TimeSpan time)
    {
        switch (value)
        {
            case FileCreated created:
                _files[created.FileId] = new TrackedFile(created.InitialContent.Length, time);
                break;
            case FileDeleted deleted:
                _files.Remove(deleted.FileId);
                break;
            case TextEdited edited:
                var file = _files[edited.FileId];
                foreach (var change in edited.Changes)
                {
                    file.Length += change.Text.Length - change.RangeLength;
                }

                break;
        }
    }

    private static void ValidateEdit(TextEdited edited, TrackedFile file)
    {
        if (edited.Changes.Count == 0)
        {
            throw Reject(edited, "it has no changes");
        }

        // Monaco's changes all refer to the document before the event and never overlap.
        Span<(int Start, int End)> spans = edited.Changes.Count <= 64 ? stackalloc (int, int)[edited.Changes.Count] : new (int, int)[edited.Changes.Count];
        for (var i = 0; i < edited.Changes.Count; i++)
        {
            var change = edited.Changes[i];
            if (change is null || change.Text is null)
            {
                throw Reject(edited, $"change {i} is null");
            }

            if (change.RangeOffset < 0 || change.RangeLength < 0 || (long)change.RangeOffset + change.RangeLength > file.Length)
            {
                throw Reject(edited, $"change {i} replaces [{change.RangeOffset}, {(long)change.RangeOffset + change.RangeLength}) but the document is {file.Length} UTF-16 units long");
            }

            if (change.Range is { IsValid: false } range)
            {
                throw Reject(edited, $"change {i} has a malformed range {range}");
            }

            spans[i] = (change.RangeOffset, change.RangeOffset + change.RangeLength);
        }

        spans.Sort(static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.End.CompareTo(b.End));
        for (var i = 1; i < spans.Length; i++)
        {
            if (spans[i].Start < spans[i - 1].End)
            {
                throw Reject(edited, "two of its changes overlap");
            }
        }
    }

    private static void ValidateSkipped(FileSkipped skipped)
    {
        RequireText(skipped.Path, nameof(skipped.Path), skipped);
        RequireText(skipped.Reason, nameof(skipped.Reason), skipped);
        if (skipped.Size < 0)
        {
            throw Reject(skipped, $"its size {skipped.Size} is negative");
        }

        if (skipped.ContentHash is null || skipped.ContentHash.Length != 64 || !skipped.ContentHash.All(char.IsAsciiHexDigitLower))
        {
            throw Reject(skipped, "the content hash must be 64 lowercase hex digits (SHA-256)");
        }
    }

    private static void ValidateClaude(ClaudeInteraction claude)
    {
        RequireText(claude.InteractionId, nameof(claude.InteractionId), claude);
        ArgumentNullException.ThrowIfNull(claude.Model);
        ArgumentNullException.ThrowIfNull(claude.Prompt);
        ArgumentNullException.ThrowIfNull(claude.Response);
        ArgumentNullException.ThrowIfNull(claude.Usage);
        if (claude.Usage.InputTokens < 0 || claude.Usage.OutputTokens < 0 || claude.Usage.CacheCreationInputTokens < 0 || claude.Usage.CacheReadInputTokens < 0)
        {
            throw Reject(claude, "token counts cannot be negative");
        }

        if (claude.Latency < TimeSpan.Zero || claude.TimeToFirstToken < TimeSpan.Zero)
        {
            throw Reject(claude, "latencies cannot be negative");
        }

        foreach (var tool in claude.ToolUses)
        {
            RequireJson(tool.InputJson, claude);
        }
    }

    private static void ValidateCaptureFailed(CaptureFailed failed)
    {
        RequireText(failed.Source, nameof(failed.Source), failed);
        RequireText(failed.Reason, nameof(failed.Reason), failed);
        if (failed.Reason.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw Reject(failed, "its reason must be one line (put the rest in its detail)");
        }
    }

    private TrackedFile RequireKnown(string fileId, SessionEvent value)
    {
        RequireText(fileId, "FileId", value);
        return _files.TryGetValue(fileId, out var file)
            ? file
            : throw Reject(value, $"file '{fileId}' is unknown (record a {FileCreated.TypeName} event first)");
    }

    private static void RequireText(string? text, string name, SessionEvent value)
    {
        if (string.IsNullOrEmpty(text))
        {
            throw Reject(value, $"{name} is empty");
        }
    }

    private static void RequireSize(int columns, int rows, SessionEvent value)
    {
        if (columns < 1 || rows < 1 || columns > 10_000 || rows > 10_000)
        {
            throw Reject(value, $"a terminal of {columns}x{rows} is not possible");
        }
    }

    private static void RequireJson(string? json, SessionEvent value)
    {
        if (json is null)
        {
            throw Reject(value, "its JSON is null");
        }

        try
        {
            using var document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new InvalidSessionEventException($"Rejected {value.Type} event: its JSON is not valid ({ex.Message}).", ex);
        }
    }

    private static InvalidSessionEventException Reject(SessionEvent value, string reason)
        => new($"Rejected {value.Type} event: {reason}.");

    private sealed class TrackedFile(long length, TimeSpan createdAt)
    {
        public long Length { get; set; } = length;

        public TimeSpan CreatedAt { get; } = createdAt;
    }
}
