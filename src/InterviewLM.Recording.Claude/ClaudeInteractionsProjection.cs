using System.Text.Encodings.Web;
using System.Text.Json;
using InterviewLM.Recording.Claude.Internal;
using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Claude;

/// <summary>Writes the <c>claude_interactions.jsonl</c> projection: one Claude interaction per line.</summary>
/// <remarks>
/// <para>
/// Each line carries the seed's fields — <c>id</c>, <c>sessionId</c>, <c>timestamp</c> (Unix milliseconds when the
/// interaction was recorded, that is when its response ended), <c>prompt</c>, <c>response</c>, <c>model</c>,
/// <c>inputTokens</c>, <c>outputTokens</c>, <c>latency</c> (milliseconds), <c>stopReason</c> — and then
/// <c>cacheCreationInputTokens</c>, <c>cacheReadInputTokens</c>, <c>timeToFirstToken</c> (milliseconds or
/// <see langword="null"/>), <c>status</c> (HTTP status or <see langword="null"/>), <c>toolUses</c>
/// (<c>[{id, name, input}]</c>, input as a JSON object), <c>toolsOffered</c>, <c>maxTokens</c>, <c>streamed</c>,
/// <c>error</c>, <c>incomplete</c>, <c>systemPrompt</c>, <c>sequence</c> and <c>time</c> (microseconds since session start).
/// </para>
/// <para>The projection is derived from the event stream and can be rebuilt from it at any time.</para>
/// </remarks>
#pragma warning disable CA1001 // The MemoryStream it owns holds no unmanaged resource; the projection is dropped after WriteAsync.
public sealed class ClaudeInteractionsProjection : ISessionProjection
#pragma warning restore CA1001
{
    /// <summary>The projection's file name in a session directory.</summary>
    public const string FileName = "claude_interactions.jsonl";

    private static readonly JsonWriterOptions s_writerOptions = new()
    {
        Indented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // readable UTF-8; still valid JSON
    };

    private readonly State _state = new();
    private readonly MemoryStream _lines = new();

    /// <inheritdoc/>
    public string Name => FileName;

    /// <summary>Gets the number of lines so far (one per <see cref="ClaudeInteraction"/>).</summary>
    public int Count => _state.Lines;

    /// <summary>Folds one event: a <see cref="ClaudeInteraction"/> becomes a line; <see cref="SessionStarted"/> gives the session id and start time; other events are skipped.</summary>
    /// <param name="recorded">The event; events arrive in stream order.</param>
    /// <exception cref="ArgumentNullException"><paramref name="recorded"/> is <see langword="null"/>.</exception>
    public void Apply(RecordedEvent recorded) => _state.WriteLine(recorded, _lines);

    /// <summary>Writes <c>claude_interactions.jsonl</c> with the lines so far (no object when the session has no Claude interaction).</summary>
    /// <param name="session">The session's objects.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the object is written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="session"/> is <see langword="null"/>.</exception>
    public async ValueTask WriteAsync(ISessionObjects session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (_state.Lines > 0)
        {
            await session.ReplaceAsync(FileName, _lines.GetBuffer().AsMemory(0, (int)_lines.Length), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Returns the lines so far, as <c>claude_interactions.jsonl</c> holds them.</summary>
    /// <returns>The UTF-8 JSON lines.</returns>
    public byte[] ToArray() => _lines.ToArray();

    private sealed class State
    {
        private string? _sessionId;
        private DateTimeOffset? _startedAt;

        public int Lines { get; private set; }

        public bool WriteLine(RecordedEvent recorded, Stream destination)
        {
            ArgumentNullException.ThrowIfNull(recorded);
            switch (recorded.Event)
            {
                case SessionStarted started:
                    _sessionId = started.SessionId;
                    _startedAt = started.StartedAt;
                    return false;
                case ClaudeInteraction interaction:
                    using (var writer = new Utf8JsonWriter(destination, s_writerOptions))
                    {
                        WriteInteraction(writer, recorded, interaction);
                    }

                    destination.WriteByte((byte)'\n');
                    Lines++;
                    return true;
                default:
                    return false;
            }
        }

        private void WriteInteraction(Utf8JsonWriter writer, RecordedEvent recorded, ClaudeInteraction interaction)
        {
            writer.WriteStartObject();
            writer.WriteString("id", interaction.InteractionId);
            WriteNullable(writer, "sessionId", _sessionId);
            if (_startedAt is { } startedAt)
            {
                writer.WriteNumber("timestamp", (startedAt + recorded.Time).ToUnixTimeMilliseconds());
            }
            else
            {
                writer.WriteNull("timestamp");
            }

            writer.WriteString("prompt", interaction.Prompt);
            writer.WriteString("response", interaction.Response);
            writer.WriteString("model", interaction.Model);
            writer.WriteNumber("inputTokens", interaction.Usage.InputTokens);
            writer.WriteNumber("outputTokens", interaction.Usage.OutputTokens);
            writer.WriteNumber("latency", Milliseconds(interaction.Latency));
            WriteNullable(writer, "stopReason", interaction.StopReason);
            writer.WriteNumber("cacheCreationInputTokens", interaction.Usage.CacheCreationInputTokens);
            writer.WriteNumber("cacheReadInputTokens", interaction.Usage.CacheReadInputTokens);
            if (interaction.TimeToFirstToken is { } ttft)
            {
                writer.WriteNumber("timeToFirstToken", Milliseconds(ttft));
            }
            else
            {
                writer.WriteNull("timeToFirstToken");
            }

            if (interaction.HttpStatus is { } status)
            {
                writer.WriteNumber("status", status);
            }
            else
            {
                writer.WriteNull("status");
            }

            writer.WriteStartArray("toolUses");
            foreach (var tool in interaction.ToolUses)
            {
                writer.WriteStartObject();
                writer.WriteString("id", tool.Id);
                writer.WriteString("name", tool.Name);
                writer.WritePropertyName("input");
                if (JsonText.TryCompact(tool.InputJson, out var input))
                {
                    writer.WriteRawValue(input, skipInputValidation: true);
                }
                else
                {
                    writer.WriteStringValue(tool.InputJson);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("toolsOffered");
            foreach (var name in interaction.ToolsOffered)
            {
                writer.WriteStringValue(name);
            }

            writer.WriteEndArray();
            if (interaction.MaxTokens is { } maxTokens)
            {
                writer.WriteNumber("maxTokens", maxTokens);
            }
            else
            {
                writer.WriteNull("maxTokens");
            }

            writer.WriteBoolean("streamed", interaction.Streamed);
            WriteNullable(writer, "error", interaction.Error);
            writer.WriteBoolean("incomplete", interaction.Incomplete);
            WriteNullable(writer, "systemPrompt", interaction.SystemPrompt);
            writer.WriteNumber("sequence", recorded.Sequence);
            writer.WriteNumber("time", recorded.TimeMicroseconds);
            writer.WriteEndObject();
        }

        // Milliseconds with microsecond precision, as the event stream keeps them.
        private static double Milliseconds(TimeSpan time) => Math.Round(time.Ticks / (double)TimeSpan.TicksPerMillisecond, 3);

        private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
        {
            if (value is null)
            {
                writer.WriteNull(name);
            }
            else
            {
                writer.WriteString(name, value);
            }
        }
    }
}
