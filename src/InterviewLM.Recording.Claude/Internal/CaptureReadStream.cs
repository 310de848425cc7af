namespace InterviewLM.Recording.Claude.Internal;

/// <summary>Represents a read-only stream that hands the client every byte of the inner stream as it arrives, unchanged, and shows each chunk to the capture.</summary>
/// <remarks>Nothing is buffered: each read is one read of the inner stream. Disposing the stream before the end records the call as incomplete.</remarks>
internal sealed class CaptureReadStream(Stream inner, ClaudeCallCapture capture) : Stream
{
    private int _disposed;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int read;
        try
        {
            read = inner.Read(buffer);
        }
        catch (Exception ex)
        {
            capture.Fail(ex);
            throw;
        }

        return Observe(buffer.Length, buffer[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ValueTask<int> pending;
        try
        {
            pending = inner.ReadAsync(buffer, cancellationToken);
        }
        catch (Exception ex)
        {
            capture.Fail(ex);
            throw;
        }

        if (pending.IsCompletedSuccessfully)
        {
            return new ValueTask<int>(Observe(buffer.Length, buffer.Span[..pending.Result]));
        }

        return AwaitRead(pending, buffer);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            capture.Fail(null); // no-op when the stream already ended
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            capture.Fail(null);
            await inner.DisposeAsync().ConfigureAwait(false);
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }

    private async ValueTask<int> AwaitRead(ValueTask<int> pending, Memory<byte> buffer)
    {
        int read;
        try
        {
            read = await pending.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            capture.Fail(ex);
            throw;
        }

        return Observe(buffer.Length, buffer.Span[..read]);
    }

    private int Observe(int requested, ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            if (requested == 0)
            {
                return 0; // a zero-byte read is not the end of the stream
            }

            capture.OnStreamEnd();
        }
        else
        {
            capture.OnStreamBytes(bytes);
        }

        return bytes.Length;
    }
}
