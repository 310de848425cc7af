namespace InterviewLM.Recording.Storage;

/// <summary>A read-only view of a seekable stream from its position up to an end offset; positions are the inner stream's.</summary>
/// <remarks>Disposing it disposes the inner stream, then <c>owner</c> when given (the archive a ZIP entry's stream belongs to).</remarks>
internal sealed class RangeReadStream : Stream
{
    private readonly Stream _inner;
    private readonly long _start;
    private readonly long _end;
    private readonly IAsyncDisposable? _owner;

    public RangeReadStream(Stream inner, long start, long end, IAsyncDisposable? owner = null)
    {
        _inner = inner;
        _start = start;
        _end = end;
        _owner = owner;
        _inner.Position = start;
    }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => _end;

    public override long Position
    {
        get => _inner.Position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => _inner.Read(buffer[..Limit(buffer.Length)]);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _inner.ReadAsync(buffer[..Limit(buffer.Length)], cancellationToken);

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _inner.Position + offset,
            _ => _end + offset,
        };
        if (target < _start || target > _end)
        {
            throw new IOException($"Position {target} is outside the range {_start}–{_end} this stream reads.");
        }

        return _inner.Position = target;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            _owner?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _inner.DisposeAsync().ConfigureAwait(false);
        if (_owner is not null)
        {
            await _owner.DisposeAsync().ConfigureAwait(false);
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }

    private int Limit(int count) => (int)Math.Min(count, Math.Max(0, _end - _inner.Position));
}
