using System.Buffers;
using System.Buffers.Text;
using System.Globalization;

namespace InterviewLM.Recording.Storage.Jsonl;

/// <summary>Represents the line that opens every JSONL block: <c>{"$block":N,"first":S,"count":C,"length":L,"crc32":"xxxxxxxx"}</c>.</summary>
/// <remarks>A keyframe block has <c>count</c> 0, <c>first</c> the sequence number of the next event, and one
/// <c>{"$keyframe":1,"t":µs,"state":"base64"}</c> line.</remarks>
/// <remarks>
/// <c>length</c> is the number of bytes of the event lines that follow the header line, and <c>crc32</c> their CRC-32
/// (IEEE, as gzip uses), so a reader can check a block and skip a damaged one without parsing it.
/// </remarks>
internal readonly record struct JsonlBlockHeader(int Index, long FirstSequence, int Count, int Length, uint Crc32)
{
    public static ReadOnlySpan<byte> Prefix => "{\"$block\":"u8;

    public const int MaxLineLength = 160;

    public void WriteTo(IBufferWriter<byte> destination)
    {
        var span = destination.GetSpan(MaxLineLength);
        var text = string.Create(CultureInfo.InvariantCulture, $"{FieldsText()}{Crc32:x8}\"}}\n");
        var written = System.Text.Encoding.ASCII.GetBytes(text, span);
        destination.Advance(written);
    }

    /// <summary>Computes the checksum of a block: over the header's fields as written, then the payload, so a damaged header is caught too.</summary>
    public uint ComputeChecksum(ReadOnlySpan<byte> payload)
    {
        var crc = new System.IO.Hashing.Crc32();
        crc.Append(System.Text.Encoding.ASCII.GetBytes(FieldsText()));
        crc.Append(payload);
        return crc.GetCurrentHashAsUInt32();
    }

    private string FieldsText() =>
        string.Create(CultureInfo.InvariantCulture, $"{{\"$block\":{Index},\"first\":{FirstSequence},\"count\":{Count},\"length\":{Length},\"crc32\":\"");

    /// <summary>Parses a header line (without its terminator). The format is fixed, so this is a strict, allocation-free scan.</summary>
    public static bool TryParse(ReadOnlySpan<byte> line, out JsonlBlockHeader header)
    {
        header = default;
        if (!line.StartsWith(Prefix))
        {
            return false;
        }

        var rest = line[Prefix.Length..];
        if (!TakeNumber(ref rest, out long index) || !TakeField(ref rest, ",\"first\":"u8) ||
            !TakeNumber(ref rest, out long first) || !TakeField(ref rest, ",\"count\":"u8) ||
            !TakeNumber(ref rest, out long count) || !TakeField(ref rest, ",\"length\":"u8) ||
            !TakeNumber(ref rest, out long length) || !TakeField(ref rest, ",\"crc32\":\""u8) ||
            rest.Length != 10 || rest[8] != (byte)'"' || rest[9] != (byte)'}' ||
            !uint.TryParse(System.Text.Encoding.ASCII.GetString(rest[..8]), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var crc) ||
            index < 0 || index > int.MaxValue || first < 0 || count < 0 || count > int.MaxValue || length < 0 || length > int.MaxValue)
        {
            return false;
        }

        header = new JsonlBlockHeader((int)index, first, (int)count, (int)length, crc);
        return true;
    }

    private static bool TakeNumber(ref ReadOnlySpan<byte> rest, out long value)
    {
        if (!Utf8Parser.TryParse(rest, out value, out var consumed) || consumed == 0)
        {
            return false;
        }

        rest = rest[consumed..];
        return true;
    }

    private static bool TakeField(ref ReadOnlySpan<byte> rest, ReadOnlySpan<byte> field)
    {
        if (!rest.StartsWith(field))
        {
            return false;
        }

        rest = rest[field.Length..];
        return true;
    }
}
