using System.Text.Json;

namespace InterviewLM.Recording.Storage.Jsonl;

/// <summary>Parses the event lines of a JSONL block. Reusable, not thread-safe.</summary>
internal sealed class JsonlBlockDecoder
{
    private readonly JsonlEventReader _reader = new();

    /// <summary>Parses the event lines of a block whose checksum matched.</summary>
    public BlockReadResult ParseBlock(ReadOnlySpan<byte> payload, BlockLocation location)
    {
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
}
