using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace InterviewLM.Recording.Storage.Jsonl;

/// <summary>Encodes blocks of events as JSONL: a header line, then one line per event. Reusable, not thread-safe.</summary>
internal sealed class JsonlBlockEncoder : IDisposable
{
    // Relaxed escaping keeps non-ASCII text readable and compact; control characters are still escaped.
    internal static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    private readonly ArrayBufferWriter<byte> _payload = new(64 * 1024);
    private readonly Utf8JsonWriter _json;

    public JsonlBlockEncoder() => _json = new Utf8JsonWriter(_payload, WriterOptions);

    public void Dispose() => _json.Dispose();

    /// <summary>Encodes a keyframe block (header line with count 0, then one <c>$keyframe</c> line) into <paramref name="destination"/>.</summary>
    public void EncodeKeyframe(int blockIndex, long nextSequence, TimeSpan time, ReadOnlySpan<byte> state, IBufferWriter<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nextSequence);
        _payload.ResetWrittenCount();
        _json.Reset(_payload);
        _json.WriteStartObject();
        _json.WriteNumber(JsonlNames.Keyframe, 1);
        _json.WriteNumber(JsonlNames.Time, time.Ticks / TimeSpan.TicksPerMicrosecond);
        _json.WriteBase64String(JsonlNames.State, state);
        _json.WriteEndObject();
        _json.Flush();
        _payload.GetSpan(1)[0] = (byte)'\n';
        _payload.Advance(1);
        var payload = _payload.WrittenSpan;
        var header = new JsonlBlockHeader(blockIndex, nextSequence, 0, payload.Length, 0);
        (header with { Crc32 = header.ComputeChecksum(payload) }).WriteTo(destination);
        destination.Write(payload);
    }

    /// <summary>Encodes a block (header line and event lines) into <paramref name="destination"/>.</summary>
    public void Encode(int blockIndex, ReadOnlySpan<RecordedEvent> events, IBufferWriter<byte> destination)
    {
        if (events.IsEmpty)
        {
            throw new ArgumentException("A block holds at least one event.", nameof(events));
        }

        _payload.ResetWrittenCount();
        foreach (var recorded in events)
        {
            _json.Reset(_payload);
            JsonlEventWriter.Write(_json, recorded);
            _json.Flush();
            _payload.GetSpan(1)[0] = (byte)'\n';
            _payload.Advance(1);
        }

        var payload = _payload.WrittenSpan;
        var header = new JsonlBlockHeader(blockIndex, events[0].Sequence, events.Length, payload.Length, 0);
        (header with { Crc32 = header.ComputeChecksum(payload) }).WriteTo(destination);
        destination.Write(payload);
    }
}
