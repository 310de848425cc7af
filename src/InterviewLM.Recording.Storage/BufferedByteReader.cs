namespace InterviewLM.Recording.Storage;

/// <summary>Reads a stream through a growable buffer so parsers can look ahead by whole blocks while tracking the file offset.</summary>
internal sealed class BufferedByteReader(Stream source, int initialCapacity = 64 * 1024)
{
    private byte[] _buffer = new byte[initialCapacity];
    private int _start;
    private int _end;
    private bool _eof;

    /// <summary>Gets the file offset of the first unconsumed byte (a seekable stream's position counts from its start).</summary>
    public long Position { get; private set; } = source.CanSeek ? source.Position : 0;

    /// <summary>Gets the unconsumed bytes read so far.</summary>
    public ReadOnlySpan<byte> Available => _buffer.AsSpan(_start, _end - _start);

    /// <summary>Gets the unconsumed bytes read so far.</summary>
    public ReadOnlyMemory<byte> AvailableMemory => _buffer.AsMemory(_start, _end - _start);

    /// <summary>Gets a value indicating whether the source has no more bytes beyond <see cref="Available"/>.</summary>
    public bool IsSourceExhausted => _eof;

    /// <summary>Reads until at least <paramref name="count"/> bytes are available or the stream ends.</summary>
    /// <returns><see langword="true"/> when <paramref name="count"/> bytes are available.</returns>
    public async ValueTask<bool> EnsureAsync(int count, CancellationToken cancellationToken)
    {
        while (_end - _start < count && !_eof)
        {
            var live = _end - _start;
            if (_buffer.Length - _start < Math.Min(count, live + 4096))
            {
                // Grow at most twofold per read, so a length field that lies (a flipped bit) costs memory only as far as
                // bytes actually arrive, never the gigabyte it claims.
                var size = Math.Min(count, Math.Max(_buffer.Length * 2, live + 4096));
                var grown = _buffer.Length < size ? new byte[size] : _buffer;
                Buffer.BlockCopy(_buffer, _start, grown, 0, live);
                _end = live;
                _start = 0;
                _buffer = grown;
            }

            var read = await source.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _eof = true;
            }

            _end += read;
        }

        return _end - _start >= count;
    }

    /// <summary>Reads until a byte equal to <paramref name="value"/> is available within <paramref name="limit"/> bytes.</summary>
    /// <returns>The index of the byte in <see cref="Available"/>, or -1 when it is not within the limit or the stream ended first.</returns>
    public async ValueTask<int> FindAsync(byte value, int limit, CancellationToken cancellationToken)
    {
        var searched = 0;
        while (true)
        {
            var available = Available;
            var index = available[searched..Math.Min(available.Length, limit)].IndexOf(value);
            if (index >= 0)
            {
                return searched + index;
            }

            searched = Math.Min(available.Length, limit);
            if (searched >= limit || !await EnsureAsync(available.Length + 1, cancellationToken).ConfigureAwait(false))
            {
                return -1;
            }
        }
    }

    /// <summary>Consumes <paramref name="count"/> bytes.</summary>
    public void Advance(int count)
    {
        _start += count;
        Position += count;
    }
}
