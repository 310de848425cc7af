using System.Text;

namespace InterviewLM.Recording.Terminal;

/// <summary>Decodes UTF-8 arriving in arbitrary chunks: a character split between chunks comes out whole with the later chunk.</summary>
internal sealed class Utf8ChunkDecoder
{
    private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
    private char[] _chars = new char[256];

    /// <summary>Decodes a chunk; returns the text completed by it (possibly empty).</summary>
    public string Decode(ReadOnlySpan<byte> chunk) => Decode(chunk, flush: false);

    /// <summary>Ends the stream: an incomplete character left over becomes U+FFFD.</summary>
    public string Flush() => Decode([], flush: true);

    private string Decode(ReadOnlySpan<byte> chunk, bool flush)
    {
        var needed = _decoder.GetCharCount(chunk, flush);
        if (needed > _chars.Length)
        {
            _chars = new char[Math.Max(needed, _chars.Length * 2)];
        }

        var count = _decoder.GetChars(chunk, _chars, flush);
        return count == 0 ? string.Empty : new string(_chars, 0, count);
    }
}
