namespace InterviewLM.Recording.Terminal;

/// <summary>Splits a stream into lines of UTF-8 bytes (LF or CRLF), synchronously or asynchronously, without decoding.</summary>
internal sealed class Utf8LineReader
{
    private readonly Stream _stream;
    private byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private int _scanned;
    private bool _eof;

    public Utf8LineReader(Stream stream) => _stream = stream;

    /// <summary>Gets the 1-based number of the line last returned (0 before the first).</summary>
    public long LineNumber { get; private set; }

    /// <summary>Gets the last line read, without its terminator; valid until the next read.</summary>
    public ReadOnlyMemory<byte> Current { get; private set; }

    public async ValueTask<bool> ReadLineAsync(bool async, CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_scanned, _end - _scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var lineEnd = _scanned + newline;
                SetCurrent(_start, lineEnd);
                _start = _scanned = lineEnd + 1;
                return true;
            }

            _scanned = _end;
            if (_eof)
            {
                if (_start == _end)
                {
                    Current = ReadOnlyMemory<byte>.Empty;
                    return false;
                }

                SetCurrent(_start, _end);
                _start = _scanned = _end;
                return true;
            }

            await FillAsync(async, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads everything not yet returned as lines.</summary>
    public async ValueTask<byte[]> ReadRestAsync(bool async, CancellationToken cancellationToken)
    {
        while (!_eof)
        {
            _scanned = _end;
            await FillAsync(async, cancellationToken).ConfigureAwait(false);
        }

        var rest = _buffer.AsSpan(_start, _end - _start).ToArray();
        _start = _scanned = _end;
        return rest;
    }

    private void SetCurrent(int start, int end)
    {
        LineNumber++;
        if (LineNumber == 1 && _buffer.AsSpan(start, end - start).StartsWith("\uFEFF"u8))
        {
            start += 3;
        }

        if (end > start && _buffer[end - 1] == (byte)'\r')
        {
            end--;
        }

        Current = _buffer.AsMemory(start, end - start);
    }

    private async ValueTask FillAsync(bool async, CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            var length = _end - _start;
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, length);
            _scanned -= _start;
            _end = length;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var read = async
            ? await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false)
            : _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
    }
}
