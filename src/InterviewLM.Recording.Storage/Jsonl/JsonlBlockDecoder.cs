using System.Text.Json;

namespace InterviewLM.Recording.Storage.Jsonl;

/// <summary>Parses the event lines of a JSONL block. Reusable, not thread-safe.</summary>
internal sealed class JsonlBlockDecoder
{
    private readonly JsonlEventReader _reader = new();

    /// <summary>Parses the event lines of a block whose checksum matched, or its keyframe line when it holds no events.</summary>
    public BlockReadResult ParseBlock(ReadOnlySpan<byte> payload, BlockLocation location)
    {
        if (location.EventCount == 0)
        {
            return ParseKeyframe(payload, location);
        }

        var events = new RecordedEvent[location.EventCount];
        var count = 0;
        try
        {
            while (!payload.IsEmpty)
            {
                var end = payload.IndexOf((byte)'\n');
                if (end < 0 || count == events.Length)
                {
                    throw new JsonException($"the block says it holds {location.EventCount} events but its lines disagree");
                }

                events[count++] = _reader.Parse(payload[..end]);
                payload = payload[(end + 1)..];
            }

            if (count != events.Length)
            {
                throw new JsonException($"the block says it holds {location.EventCount} events but has {count}");
            }
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or OverflowException)
        {
            return BlockReadResult.FromDamage(new BlockDamage(location.Index, location.Offset, location.Length, BlockDamageKind.Malformed,
                $"event {count} of the block cannot be read: {ex.Message}"));
        }

        return BlockReadResult.FromBlock(new EventBlock(location with { FirstTime = events[0].Time, FirstSequence = events[0].Sequence }, events));
    }

    private static BlockReadResult ParseKeyframe(ReadOnlySpan<byte> payload, BlockLocation location)
    {
        try
        {
            if (payload.IsEmpty || payload[^1] != (byte)'\n' || payload[..^1].Contains((byte)'\n'))
            {
                throw new JsonException("a keyframe block holds exactly one line");
            }

            var reader = new Utf8JsonReader(payload[..^1]);
            long? version = null, time = null;
            byte[]? state = null;
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException("the keyframe line is not an object");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals(JsonlNames.Keyframe))
                {
                    reader.Read();
                    version = reader.GetInt64();
                }
                else if (reader.ValueTextEquals(JsonlNames.Time))
                {
                    reader.Read();
                    time = reader.GetInt64();
                }
                else if (reader.ValueTextEquals(JsonlNames.State))
                {
                    reader.Read();
                    state = reader.GetBytesFromBase64();
                }
                else
                {
                    reader.Read();
                    reader.Skip(); // fields a later version adds
                }
            }

            if (version != 1 || time is not >= 0 || state is null)
            {
                throw new JsonException($"the keyframe line lacks $keyframe 1, t or state");
            }

            var keyframe = location with { FirstTime = TimeSpan.FromTicks(time.Value * TimeSpan.TicksPerMicrosecond), Kind = BlockKind.Keyframe };
            return BlockReadResult.FromKeyframe(new KeyframeBlock(keyframe, state));
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or OverflowException)
        {
            return BlockReadResult.FromDamage(new BlockDamage(location.Index, location.Offset, location.Length, BlockDamageKind.Malformed,
                $"its keyframe line cannot be read: {ex.Message}"));
        }
    }
}
