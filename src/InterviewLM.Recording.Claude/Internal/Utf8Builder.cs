using System.Buffers;
using System.Text;

namespace InterviewLM.Recording.Claude.Internal;

/// <summary>Represents text accumulated as UTF-8 bytes: streamed deltas arrive as UTF-8 and are decoded once, at the end.</summary>
/// <remarks>
/// Bytes are kept in 16 KiB chunks rented from the shared pool rather than in one growing array: a long response then
/// neither allocates on the large object heap nor leaves long-lived garbage for the client's process to collect while it
/// streams. <see cref="Release"/> returns the chunks once the text has been decoded.
/// </remarks>
internal sealed class Utf8Builder
{
    private const int ChunkSize = 16 * 1024;

    private readonly List<byte[]> _chunks = [];
    private int _lastLength = ChunkSize;

    public long Length => _chunks.Count == 0 ? 0 : ((long)(_chunks.Count - 1) * ChunkSize) + _lastLength;

    public void Append(ReadOnlySpan<byte> utf8)
    {
        while (!utf8.IsEmpty)
        {
            if (_lastLength == ChunkSize)
            {
                _chunks.Add(ArrayPool<byte>.Shared.Rent(ChunkSize));
                _lastLength = 0;
            }

            var take = Math.Min(utf8.Length, ChunkSize - _lastLength);
            utf8[..take].CopyTo(_chunks[^1].AsSpan(_lastLength));
            _lastLength += take;
            utf8 = utf8[take..];
        }
    }

    public void Append(string? text) => Append(text.AsSpan());

    public void Append(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return;
        }

        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (max <= 1024)
        {
            Span<byte> bytes = stackalloc byte[max];
            Append(bytes[..Encoding.UTF8.GetBytes(text, bytes)]);
        }
        else
        {
            Append(Encoding.UTF8.GetBytes(text.ToArray()));
        }
    }


    public override string ToString()
    {
        if (_chunks.Count == 0)
        {
            return "";
        }

        if (_chunks.Count == 1)
        {
            return Encoding.UTF8.GetString(_chunks[0], 0, _lastLength);
        }

        // Count first, then decode straight into the string: no intermediate copy of a long response.
        var counter = Encoding.UTF8.GetDecoder();
        var length = 0;
        for (var i = 0; i < _chunks.Count; i++)
        {
            length += counter.GetCharCount(Chunk(i), flush: i == _chunks.Count - 1);
        }

        return string.Create(length, this, static (destination, self) =>
        {
            var decoder = Encoding.UTF8.GetDecoder();
            for (var i = 0; i < self._chunks.Count; i++)
            {
                var written = decoder.GetChars(self.Chunk(i), destination, flush: i == self._chunks.Count - 1);
                destination = destination[written..];
            }
        });
    }

    /// <summary>Returns the chunks to the pool; the builder is empty afterwards.</summary>
    public void Release()
    {
        foreach (var chunk in _chunks)
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        _chunks.Clear();
        _lastLength = ChunkSize;
    }

    private ReadOnlySpan<byte> Chunk(int index) => _chunks[index].AsSpan(0, index == _chunks.Count - 1 ? _lastLength : ChunkSize);
}
