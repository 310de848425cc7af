using System.Text.Json;
using InterviewLM.Recording.Storage.Jsonl;

namespace InterviewLM.Recording.Storage;

/// <summary>Reads and writes <c>metadata.json</c> and <c>index.json</c> (shapes in <c>schemas/v1/</c>).</summary>
public static class SessionJson
{
    private static readonly JsonWriterOptions Indented = JsonlBlockEncoder.WriterOptions with { Indented = true, SkipValidation = false };

    /// <summary>Serializes metadata as <c>metadata.json</c> text.</summary>
    /// <param name="metadata">The metadata.</param>
    /// <returns>The UTF-8 JSON.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="metadata"/> is <see langword="null"/>.</exception>
    public static byte[] WriteMetadata(SessionMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Indented))
        {
            writer.WriteStartObject();
            writer.WriteNumber("formatVersion", 1);
            writer.WriteString("sessionId", metadata.SessionId);
            WriteOptional(writer, "assessmentId", metadata.AssessmentId);
            WriteOptional(writer, "candidateId", metadata.CandidateId);
            writer.WriteNumber("startTime", metadata.StartTime.ToUnixTimeMilliseconds());
            writer.WriteString("startedAt", metadata.StartTime);
            if (metadata.EndTime is { } end)
            {
                writer.WriteNumber("endTime", end.ToUnixTimeMilliseconds());
            }

            if (metadata.Duration is { } duration)
            {
                writer.WriteNumber("duration", (long)duration.TotalMilliseconds);
            }

            writer.WriteString("status", metadata.Status.ToString().ToLowerInvariant());
            writer.WriteString("codec", metadata.Codec);
            writer.WriteNumber("eventCount", metadata.EventCount);
            writer.WriteStartObject("files");
            foreach (var (path, file) in metadata.Files.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                writer.WriteStartObject(path);
                writer.WriteString("fileId", file.FileId);
                writer.WriteNumber("createdAt", metadata.StartTime.ToUnixTimeMilliseconds() + (long)file.CreatedAt.TotalMilliseconds);
                writer.WriteNumber("createdAtOffset", (long)file.CreatedAt.TotalMilliseconds);
                if (file.FinalHash is null)
                {
                    writer.WriteNull("finalHash");
                }
                else
                {
                    writer.WriteString("finalHash", file.FinalHash);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteNumber("totalClaudeInteractions", metadata.TotalClaudeInteractions);
            writer.WriteNumber("totalKeystrokes", metadata.TotalKeystrokes);
            writer.WriteStartObject("environment");
            foreach (var (key, value) in metadata.Environment.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Parses <c>metadata.json</c>.</summary>
    /// <param name="utf8Json">The file's bytes.</param>
    /// <returns>The metadata.</returns>
    /// <exception cref="InvalidDataException">The JSON is not valid metadata.</exception>
    public static SessionMetadata ReadMetadata(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8Json);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            var start = root.TryGetProperty("startedAt", out var startedAt)
                ? startedAt.GetDateTimeOffset()
                : DateTimeOffset.FromUnixTimeMilliseconds(root.GetProperty("startTime").GetInt64());
            var files = new Dictionary<string, SessionFileInfo>(StringComparer.Ordinal);
            if (root.TryGetProperty("files", out var filesElement))
            {
                foreach (var file in filesElement.EnumerateObject())
                {
                    var createdAt = file.Value.TryGetProperty("createdAtOffset", out var offset)
                        ? TimeSpan.FromMilliseconds(offset.GetInt64())
                        : TimeSpan.FromMilliseconds(file.Value.GetProperty("createdAt").GetInt64() - start.ToUnixTimeMilliseconds());
                    files[file.Name] = new SessionFileInfo(
                        file.Value.TryGetProperty("fileId", out var id) ? id.GetString()! : file.Name,
                        createdAt,
                        file.Value.TryGetProperty("finalHash", out var hash) ? hash.GetString() : null);
                }
            }

            var environment = new Dictionary<string, string>(StringComparer.Ordinal);
            if (root.TryGetProperty("environment", out var env))
            {
                foreach (var entry in env.EnumerateObject())
                {
                    environment[entry.Name] = entry.Value.ToString();
                }
            }

            return new SessionMetadata
            {
                SessionId = root.GetProperty("sessionId").GetString()!,
                AssessmentId = OptionalString(root, "assessmentId"),
                CandidateId = OptionalString(root, "candidateId"),
                StartTime = start,
                EndTime = root.TryGetProperty("endTime", out var end) ? DateTimeOffset.FromUnixTimeMilliseconds(end.GetInt64()) : null,
                Duration = root.TryGetProperty("duration", out var duration) ? TimeSpan.FromMilliseconds(duration.GetInt64()) : null,
                Status = Enum.Parse<SessionStatus>(root.GetProperty("status").GetString()!, ignoreCase: true),
                Codec = OptionalString(root, "codec") ?? "jsonl",
                EventCount = root.TryGetProperty("eventCount", out var count) ? count.GetInt64() : 0,
                Files = files,
                TotalClaudeInteractions = root.TryGetProperty("totalClaudeInteractions", out var claude) ? claude.GetInt32() : 0,
                TotalKeystrokes = root.TryGetProperty("totalKeystrokes", out var keys) ? keys.GetInt64() : 0,
                Environment = environment,
            };
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new InvalidDataException($"metadata.json is not valid: {ex.Message}", ex);
        }
    }

    /// <summary>Serializes an index as <c>index.json</c> text.</summary>
    /// <param name="index">The index.</param>
    /// <returns>The UTF-8 JSON.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="index"/> is <see langword="null"/>.</exception>
    public static byte[] WriteIndex(SessionIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Indented))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", index.Version);
            writer.WriteNumber("eventCount", index.EventCount);
            if (index.EventsLength is { } eventsLength)
            {
                writer.WriteNumber("eventsLength", eventsLength);
            }

            writer.WriteStartArray("checkpoints");
            foreach (var checkpoint in index.Checkpoints)
            {
                writer.WriteStartObject();
                writer.WriteNumber("timestamp", checkpoint.Timestamp.ToUnixTimeMilliseconds());
                writer.WriteNumber("timeUs", checkpoint.Time.Ticks / TimeSpan.TicksPerMicrosecond);
                writer.WriteNumber("offset", checkpoint.Offset);
                writer.WriteNumber("eventIndex", checkpoint.EventIndex);
                writer.WriteString("description", checkpoint.Description);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("blocks");
            foreach (var block in index.Blocks)
            {
                writer.WriteStartObject();
                writer.WriteNumber("index", block.Index);
                writer.WriteNumber("offset", block.Offset);
                writer.WriteNumber("length", block.Length);
                writer.WriteNumber("firstSeq", block.FirstSequence);
                writer.WriteNumber("firstTimeUs", block.FirstTime.Ticks / TimeSpan.TicksPerMicrosecond);
                writer.WriteNumber("count", block.EventCount);
                if (block.Kind == BlockKind.Keyframe)
                {
                    writer.WriteBoolean("keyframe", true);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Parses <c>index.json</c>.</summary>
    /// <param name="utf8Json">The file's bytes.</param>
    /// <returns>The index.</returns>
    /// <exception cref="InvalidDataException">The JSON is not a valid index.</exception>
    public static SessionIndex ReadIndex(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8Json);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            var checkpoints = root.GetProperty("checkpoints").EnumerateArray().Select(c => new SessionCheckpoint(
                TimeSpan.FromTicks(c.GetProperty("timeUs").GetInt64() * TimeSpan.TicksPerMicrosecond),
                DateTimeOffset.FromUnixTimeMilliseconds(c.GetProperty("timestamp").GetInt64()),
                c.GetProperty("offset").GetInt64(),
                c.GetProperty("eventIndex").GetInt64(),
                c.GetProperty("description").GetString()!)).ToList();
            var blocks = root.GetProperty("blocks").EnumerateArray().Select(b => new BlockLocation(
                b.GetProperty("index").GetInt32(),
                b.GetProperty("offset").GetInt64(),
                b.GetProperty("length").GetInt64(),
                b.GetProperty("firstSeq").GetInt64(),
                TimeSpan.FromTicks(b.GetProperty("firstTimeUs").GetInt64() * TimeSpan.TicksPerMicrosecond),
                b.GetProperty("count").GetInt32())
            {
                Kind = b.TryGetProperty("keyframe", out var keyframe) && keyframe.GetBoolean() ? BlockKind.Keyframe : BlockKind.Events,
            }).ToList();
            return new SessionIndex(root.GetProperty("version").GetInt32(), root.GetProperty("eventCount").GetInt64(), checkpoints, blocks)
            {
                EventsLength = root.TryGetProperty("eventsLength", out var eventsLength) ? eventsLength.GetInt64() : null,
            };
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"index.json is not valid: {ex.Message}", ex);
        }
    }

    private static string? OptionalString(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
