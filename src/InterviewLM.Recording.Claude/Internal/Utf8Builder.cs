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
    public const int DefaultChunkSize = 16 * 1024;

    private readonly List<byte[]> _chunks = [];
    private readonly int _chunkSize;
    private int _lastLength;
    private bool _onlyAscii = true;
    private byte[]? _current;

    /// <summary>Initializes a new instance of the <see cref="Utf8Builder"/> class that keeps its bytes in chunks of <paramref name="chunkSize"/> bytes.</summary>
    public Utf8Builder(int chunkSize = DefaultChunkSize)
    {
        _chunkSize = chunkSize;
        _lastLength = chunkSize;
    }

    public int ChunkCount => _chunks.Count;

    public long Length => _chunks.Count == 0 ? 0 : ((long)(_chunks.Count - 1) * _chunkSize) + _lastLength;

    /// <summary>Appends UTF-8 bytes.</summary>
    /// <param name="utf8">UTF-8 bytes; a sequence may be split across calls.</param>
    /// <param name="isAscii"><see langword="true"/> when the caller already knows every byte is ASCII (the text then decodes without a counting pass).</param>
    public void Append(ReadOnlySpan<byte> utf8, bool isAscii = false)
    {
        _onlyAscii &= isAscii || utf8.IsEmpty;
        if (_current is not null && utf8.Length <= _chunkSize - _lastLength)
        {
            // The common case: a delta that fits in the current chunk.
            utf8.CopyTo(_current.AsSpan(_lastLength));
            _lastLength += utf8.Length;
            return;
        }

        while (!utf8.IsEmpty)
        {
            if (_lastLength == _chunkSize)
            {
                _current = ArrayPool<byte>.Shared.Rent(_chunkSize);
                _chunks.Add(_current);
                _lastLength = 0;
            }

            var take = Math.Min(utf8.Length, _chunkSize - _lastLength);
            utf8[..take].CopyTo(_current.AsSpan(_lastLength));
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
            var rented = ArrayPool<byte>.Shared.Rent(max);
            Append(rented.AsSpan(0, Encoding.UTF8.GetBytes(text, rented)));
            ArrayPool<byte>.Shared.Return(rented);
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

        if (_onlyAscii)
        {
            // One character per byte: no counting pass, and each chunk widens on its own.
            return string.Create(checked((int)Length), this, static (destination, self) =>
            {
                for (var i = 0; i < self._chunks.Count; i++)
                {
                    var chunk = self.Chunk(i);
                    var status = Ascii.ToUtf16(chunk, destination, out var written);
                    System.Diagnostics.Debug.Assert(status == OperationStatus.Done, "Bytes appended as ASCII were not ASCII.");
                    destination = destination[written..];
                }
            });
        }

        // Count first, then decode straight into the string: no intermediate copy of a long response.
        return string.Create(CountChars(), this, static (destination, self) =>
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
        _current = null;
        _lastLength = _chunkSize;
        _onlyAscii = true;
    }

    // Decoder.GetCharCount does not carry a sequence split between chunks over to the next call, so each chunk is counted
    // up to its last non-continuation byte, and the bytes from there on are counted together with the continuation bytes
    // that start the next chunk. A non-continuation byte always starts a new character (or replacement character), so
    // these pieces count exactly as the stateful decoder decodes them, valid UTF-8 or not.
    private int CountChars()
    {
        Span<byte> seam = stackalloc byte[8];
        var seamLength = 0;
        long count = 0;
        for (var i = 0; i < _chunks.Count; i++)
        {
            var chunk = Chunk(i);
            if (seamLength > 0)
            {
                var head = 0;
                while (head < 3 && head < chunk.Length && (chunk[head] & 0xC0) == 0x80)
                {
                    seam[seamLength++] = chunk[head++];
                }

                count += Encoding.UTF8.GetCharCount(seam[..seamLength]);
                seamLength = 0;
                chunk = chunk[head..];
            }

            if (i < _chunks.Count - 1)
            {
                var tail = 0;
                while (tail < 3 && tail < chunk.Length && (chunk[^(tail + 1)] & 0xC0) == 0x80)
                {
                    tail++;
                }

                if (tail < chunk.Length && chunk[^(tail + 1)] >= 0xC0)
                {
                    tail++; // a lead byte and its continuation bytes so far: the sequence may go on in the next chunk
                    chunk[^tail..].CopyTo(seam);
                    seamLength = tail;
                    chunk = chunk[..^tail];
                }
            }

            count += Encoding.UTF8.GetCharCount(chunk);
        }

        return checked((int)count);
    }

    /// <summary>Gets the bytes of chunk <paramref name="index"/>, in order.</summary>
    public ReadOnlySpan<byte> Chunk(int index) => _chunks[index].AsSpan(0, index == _chunks.Count - 1 ? _lastLength : _chunkSize);
}
