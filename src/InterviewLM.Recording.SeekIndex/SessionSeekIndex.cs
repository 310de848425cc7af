using System.Text.Json;
using System.Text.Json.Nodes;

namespace InterviewLM.Recording.SeekIndex;

/// <summary>Represents a session's seek index: the seed's <c>index.json</c> (version, event count, checkpoints) plus where every keyframe is stored.</summary>
/// <remarks>
/// Lookups are binary searches (O(log n)). The index knows the event count and events-file length it was built for, so a
/// reader can tell when it is stale (the events file changed) and rebuild it from the event stream.
/// </remarks>
public sealed class SessionSeekIndex
{
    /// <summary>The index format version this package writes.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Initializes a new instance of the <see cref="SessionSeekIndex"/> class.</summary>
    /// <param name="eventCount">The number of events the index covers (keyframes not counted).</param>
    /// <param name="eventsLength">The length in bytes of the events file the index was built for.</param>
    /// <param name="checkpoints">The named moments, in time order.</param>
    /// <param name="keyframesFile">The keyframes file name, relative to the session directory.</param>
    /// <param name="keyframes">The keyframes, in time order.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The keyframes are not in time and event order.</exception>
    public SessionSeekIndex(long eventCount, long eventsLength, IReadOnlyList<SeekCheckpoint> checkpoints, string keyframesFile, IReadOnlyList<KeyframeLocation> keyframes)
    {
        ArgumentNullException.ThrowIfNull(checkpoints);
        ArgumentNullException.ThrowIfNull(keyframesFile);
        ArgumentNullException.ThrowIfNull(keyframes);
        for (var i = 1; i < keyframes.Count; i++)
        {
            if (keyframes[i].Time < keyframes[i - 1].Time || keyframes[i].EventIndex < keyframes[i - 1].EventIndex)
            {
                throw new ArgumentException($"Keyframe {i} goes back in time or in events.", nameof(keyframes));
            }
        }

        EventCount = eventCount;
        EventsLength = eventsLength;
        Checkpoints = checkpoints;
        KeyframesFile = keyframesFile;
        Keyframes = keyframes;
    }

    /// <summary>Gets the number of events the index covers.</summary>
    public long EventCount { get; }

    /// <summary>Gets the length in bytes of the events file the index was built for.</summary>
    public long EventsLength { get; }

    /// <summary>Gets the named moments (session_start, first_file_created, first_claude_call, session_end, …).</summary>
    public IReadOnlyList<SeekCheckpoint> Checkpoints { get; }

    /// <summary>Gets the keyframes file name, relative to the session directory.</summary>
    public string KeyframesFile { get; }

    /// <summary>Gets the keyframes, in time order.</summary>
    public IReadOnlyList<KeyframeLocation> Keyframes { get; }

    /// <summary>Returns whether the index was built for an events file of this event count and length.</summary>
    /// <param name="eventCount">The event count, or <see langword="null"/> when unknown.</param>
    /// <param name="eventsLength">The events file's length in bytes.</param>
    /// <returns><see langword="true"/> when the index is current.</returns>
    public bool IsCurrent(long? eventCount, long eventsLength) => eventsLength == EventsLength && (eventCount is null || eventCount == EventCount);

    /// <summary>Finds the last keyframe whose time is at or before <paramref name="time"/> (binary search).</summary>
    /// <param name="time">The session time.</param>
    /// <returns>The keyframe's position in <see cref="Keyframes"/>, or -1 when none is that early.</returns>
    public int FindKeyframe(TimeSpan time) => FindKeyframe(Keyframes, time);

    /// <summary>Finds the last keyframe whose time is at or before <paramref name="time"/> in a time-ordered list (binary search).</summary>
    /// <param name="keyframes">The keyframes, in time order.</param>
    /// <param name="time">The session time.</param>
    /// <returns>The keyframe's position, or -1 when none is that early.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="keyframes"/> is <see langword="null"/>.</exception>
    public static int FindKeyframe(IReadOnlyList<KeyframeLocation> keyframes, TimeSpan time)
    {
        ArgumentNullException.ThrowIfNull(keyframes);
        int low = 0, high = keyframes.Count - 1, found = -1;
        while (low <= high)
        {
            var mid = low + ((high - low) / 2);
            if (keyframes[mid].Time <= time)
            {
                found = mid;
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return found;
    }

    /// <summary>Finds the last checkpoint at or before <paramref name="time"/> (binary search).</summary>
    /// <param name="time">The session time.</param>
    /// <returns>The checkpoint's position in <see cref="Checkpoints"/>, or -1.</returns>
    public int FindCheckpoint(TimeSpan time)
    {
        int low = 0, high = Checkpoints.Count - 1, found = -1;
        while (low <= high)
        {
            var mid = low + ((high - low) / 2);
            if (Checkpoints[mid].Time <= time)
            {
                found = mid;
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return found;
    }

    /// <summary>Writes the index as <c>index.json</c>, keeping every other field of an existing <c>index.json</c> (such as the block list).</summary>
    /// <param name="existing">The current <c>index.json</c>, or empty.</param>
    /// <returns>The new <c>index.json</c> bytes.</returns>
    public byte[] ToJson(ReadOnlySpan<byte> existing = default)
    {
        JsonObject root;
        try
        {
            root = existing.IsEmpty ? [] : JsonNode.Parse(existing) as JsonObject ?? [];
        }
        catch (JsonException)
        {
            root = [];
        }

        root["version"] = CurrentVersion;
        root["eventCount"] = EventCount;
        root["eventsLength"] = EventsLength;
        var checkpoints = new JsonArray();
        foreach (var c in Checkpoints)
        {
            checkpoints.Add((JsonNode)new JsonObject
            {
                ["timestamp"] = c.Timestamp,
                ["timeUs"] = c.Time.Ticks / TimeSpan.TicksPerMicrosecond,
                ["offset"] = c.Offset,
                ["eventIndex"] = c.EventIndex,
                ["description"] = c.Description,
            });
        }

        root["checkpoints"] = checkpoints;
        root["keyframesFile"] = KeyframesFile;
        var keyframes = new JsonArray();
        foreach (var k in Keyframes)
        {
            keyframes.Add((JsonNode)new JsonArray(k.Time.Ticks / TimeSpan.TicksPerMicrosecond, k.EventIndex, k.Offset, k.Length));
        }

        root["keyframes"] = keyframes;
        return JsonSerializerNodeWriter.Write(root);
    }

    /// <summary>Reads the seek index from <c>index.json</c>.</summary>
    /// <param name="utf8Json">The file's bytes.</param>
    /// <returns>The index, or <see langword="null"/> when the file has no keyframe section (an index written without keyframes) or is unreadable.</returns>
    public static SessionSeekIndex? TryParse(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8Json);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("keyframes", out var keyframesElement) ||
                !root.TryGetProperty("eventsLength", out var lengthElement) || !root.TryGetProperty("keyframesFile", out var fileElement) ||
                root.GetProperty("version").GetInt32() != CurrentVersion)
            {
                return null;
            }

            var checkpoints = new List<SeekCheckpoint>();
            if (root.TryGetProperty("checkpoints", out var checkpointsElement))
            {
                foreach (var c in checkpointsElement.EnumerateArray())
                {
                    checkpoints.Add(new SeekCheckpoint(
                        TimeSpan.FromTicks(c.GetProperty("timeUs").GetInt64() * TimeSpan.TicksPerMicrosecond),
                        c.GetProperty("timestamp").GetInt64(),
                        c.GetProperty("offset").GetInt64(),
                        c.GetProperty("eventIndex").GetInt64(),
                        c.GetProperty("description").GetString() ?? string.Empty));
                }
            }

            var keyframes = new List<KeyframeLocation>();
            foreach (var k in keyframesElement.EnumerateArray())
            {
                keyframes.Add(new KeyframeLocation(keyframes.Count, TimeSpan.FromTicks(k[0].GetInt64() * TimeSpan.TicksPerMicrosecond), k[1].GetInt64(), k[2].GetInt64(), k[3].GetInt64()));
            }

            return new SessionSeekIndex(root.GetProperty("eventCount").GetInt64(), lengthElement.GetInt64(), checkpoints, fileElement.GetString() ?? string.Empty, keyframes);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or ArgumentException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
