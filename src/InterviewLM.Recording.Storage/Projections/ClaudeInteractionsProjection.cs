using System.Text.Json;
using InterviewLM.Recording.Storage.Jsonl;

namespace InterviewLM.Recording.Storage.Projections;

/// <summary>Writes <c>claude_interactions.jsonl</c>: one Claude interaction per line, with the seed's fields plus tool use, cache tokens, time to first token and status.</summary>
/// <remarks>Nothing is written for a session without Claude interactions.</remarks>
public sealed class ClaudeInteractionsProjection : ISessionProjection
{
    /// <summary>The file name.</summary>
    public const string FileName = "claude_interactions.jsonl";

    /// <inheritdoc/>
    public string Name => FileName;

    /// <inheritdoc/>
    public async Task WriteAsync(SessionDirectory session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var target = Path.Combine(session.Path, FileName);
        var temporary = target + ".tmp";
        var count = 0;
        string sessionId = session.Metadata?.SessionId ?? string.Empty;
        DateTimeOffset startedAt = session.Metadata?.StartTime ?? default;
        var output = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous);
        await using (output.ConfigureAwait(false))
        {
            using var json = new Utf8JsonWriter(output, JsonlBlockEncoder.WriterOptions);
            await foreach (var recorded in session.ReadEventsAsync(cancellationToken).ConfigureAwait(false))
            {
                if (recorded.Event is SessionStarted started)
                {
                    sessionId = started.SessionId;
                    startedAt = started.StartedAt;
                }
                else if (recorded.Event is ClaudeInteraction claude)
                {
                    WriteInteraction(json, claude, sessionId, startedAt + recorded.Time);
                    await json.FlushAsync(cancellationToken).ConfigureAwait(false);
                    json.Reset();
                    output.WriteByte((byte)'\n');
                    count++;
                }
            }
        }

        if (count > 0)
        {
            File.Move(temporary, target, overwrite: true);
        }
        else
        {
            File.Delete(temporary);
        }
    }

    private static void WriteInteraction(Utf8JsonWriter json, ClaudeInteraction claude, string sessionId, DateTimeOffset timestamp)
    {
        json.WriteStartObject();
        json.WriteString("id", claude.InteractionId);
        json.WriteString("sessionId", sessionId);
        json.WriteNumber("timestamp", timestamp.ToUnixTimeMilliseconds());
        json.WriteString("prompt", claude.Prompt);
        json.WriteString("response", claude.Response);
        json.WriteString("model", claude.Model);
        json.WriteNumber("inputTokens", claude.Usage.InputTokens);
        json.WriteNumber("outputTokens", claude.Usage.OutputTokens);
        json.WriteNumber("cacheCreationInputTokens", claude.Usage.CacheCreationInputTokens);
        json.WriteNumber("cacheReadInputTokens", claude.Usage.CacheReadInputTokens);
        json.WriteNumber("latency", (long)claude.Latency.TotalMilliseconds);
        if (claude.TimeToFirstToken is { } ttft)
        {
            json.WriteNumber("timeToFirstToken", (long)ttft.TotalMilliseconds);
        }
        else
        {
            json.WriteNull("timeToFirstToken");
        }

        if (claude.StopReason is null)
        {
            json.WriteNull("stopReason");
        }
        else
        {
            json.WriteString("stopReason", claude.StopReason);
        }

        json.WriteStartArray("toolUse");
        foreach (var use in claude.ToolUses)
        {
            json.WriteStartObject();
            json.WriteString("id", use.Id);
            json.WriteString("name", use.Name);
            json.WriteString("input", use.InputJson);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (claude.HttpStatus is { } status)
        {
            json.WriteNumber("status", status);
        }

        json.WriteBoolean("streamed", claude.Streamed);
        json.WriteBoolean("incomplete", claude.Incomplete);
        if (claude.Error is not null)
        {
            json.WriteString("error", claude.Error);
        }

        json.WriteEndObject();
    }
}
