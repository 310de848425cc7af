using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Testing;

/// <summary>Represents one session's objects in memory, counting the bytes read from each object (to show what a seek or a completion reads).</summary>
/// <remarks>Safe for concurrent use. An appended object shows only what was flushed, as a store would.</remarks>
public sealed class InMemorySessionObjects : ISessionObjects
{
    private readonly ConcurrentDictionary<string, byte[]> _objects = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _bytesRead = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="InMemorySessionObjects"/> class, empty.</summary>
    /// <param name="location">The location for messages.</param>
    /// <exception cref="ArgumentNullException"><paramref name="location"/> is <see langword="null"/>.</exception>
    public InMemorySessionObjects(string location)
    {
        ArgumentNullException.ThrowIfNull(location);
        Location = location;
    }

    /// <inheritdoc/>
    public string Location { get; }

    /// <summary>Gets the number of bytes read from an object so far.</summary>
    /// <param name="name">The object's name.</param>
    /// <returns>The count.</returns>
    public long BytesRead(string name) => _bytesRead.GetValueOrDefault(name);

    /// <summary>Sets the count of bytes read from every object back to zero.</summary>
    public void ResetBytesRead() => _bytesRead.Clear();

    /// <summary>Gets a copy of an object's content.</summary>
    /// <param name="name">The object's name.</param>
    /// <returns>The content, or <see langword="null"/> when there is no such object.</returns>
    public byte[]? GetContent(string name) => _objects.TryGetValue(name, out var content) ? [.. content] : null;

    /// <summary>Sets an object's content directly (to damage a session in a test).</summary>
    /// <param name="name">The object's name.</param>
    /// <param name="content">The new content.</param>
    public void SetContent(string name, ReadOnlySpan<byte> content)
    {
        SessionObjectNames.Validate(name);
        _objects[name] = content.ToArray();
    }

    /// <inheritdoc/>
    public ValueTask<long?> GetLengthAsync(string name, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_objects.TryGetValue(name, out var content) ? content.Length : (long?)null);

    /// <inheritdoc/>
    public async IAsyncEnumerable<SessionObjectInfo> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var (name, content) in _objects.OrderBy(static o => o.Key, StringComparer.Ordinal).ToList())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new SessionObjectInfo(name, content.Length);
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public ValueTask<Stream> OpenReadAsync(string name, long offset = 0, long? length = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (length is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "The length must not be negative.");
        }

        if (!_objects.TryGetValue(name, out var content))
        {
            throw new FileNotFoundException($"The session '{Location}' has no object '{name}'.", name);
        }

        var end = (int)Math.Min(content.Length, length is { } l ? offset + l : content.Length);
        return ValueTask.FromResult<Stream>(new CountingStream(content, (int)Math.Min(offset, end), end, count => _bytesRead.AddOrUpdate(name, count, (_, total) => total + count)));
    }

    /// <inheritdoc/>
    public ValueTask<Stream> OpenAppendAsync(string name, CancellationToken cancellationToken = default)
    {
        SessionObjectNames.Validate(name);
        _objects.TryAdd(name, []);
        return ValueTask.FromResult<Stream>(new AppendStream(this, name));
    }

    /// <inheritdoc/>
    public async ValueTask ReplaceAsync(string name, Func<Stream, CancellationToken, ValueTask> write, CancellationToken cancellationToken = default)
    {
        SessionObjectNames.Validate(name);
        ArgumentNullException.ThrowIfNull(write);
        using var buffer = new MemoryStream();
        await write(buffer, cancellationToken).ConfigureAwait(false);
        _objects[name] = buffer.ToArray();
    }

    /// <inheritdoc/>
    public ValueTask DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        _objects.TryRemove(name, out _);
        return ValueTask.CompletedTask;
    }

    // Reads [start, end) of a snapshot of the object; positions count from the object's start.
    private sealed class CountingStream : MemoryStream
    {
        private readonly byte[] _content;
        private readonly int _start;
        private readonly Action<long> _counted;

        public CountingStream(byte[] content, int start, int end, Action<long> counted)
            : base(content, 0, end, writable: false)
        {
            _content = content;
            _start = start;
            _counted = counted;
            Position = start;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        // Not through MemoryStream.Read(Span): for a derived type it calls Read(byte[], ...), which would count twice.
        public override int Read(Span<byte> buffer)
        {
            var position = (int)Math.Min(Position, Length);
            var read = (int)Math.Min(buffer.Length, Length - position);
            _content.AsSpan(position, read).CopyTo(buffer);
            Position = position + read;
            return Count(read);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer, offset, count));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override int ReadByte()
        {
            var value = base.ReadByte();
            if (value >= 0)
            {
                Count(1);
            }

            return value;
        }

        public override long Seek(long offset, SeekOrigin origin)
        {
            var position = base.Seek(offset, origin);
            return position >= _start ? position : throw new IOException("Seek before the range's start.");
        }

        private int Count(int read)
        {
            if (read > 0)
            {
                _counted(read);
            }

            return read;
        }
    }

    // Buffers writes; a flush publishes them, as a store makes a flushed block readable.
    private sealed class AppendStream(InMemorySessionObjects owner, string name) : Stream
    {
        private readonly MemoryStream _pending = new();
        private long _published = owner._objects.TryGetValue(name, out var existing) ? existing.Length : 0;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _published + _pending.Length;

        public override long Position
        {
            get => Length;
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => _pending.Write(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => _pending.Write(buffer);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _pending.Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            _pending.Write(buffer, offset, count);
            return Task.CompletedTask;
        }

        public override void Flush()
        {
            if (_pending.Length == 0)
            {
                return;
            }

            owner._objects.AddOrUpdate(name, _ => _pending.ToArray(), (_, old) => [.. old, .. _pending.ToArray()]);
            _published += _pending.Length;
            _pending.SetLength(0);
        }

        public override Task FlushAsync(CancellationToken cancellationToken)
        {
            Flush();
            return Task.CompletedTask;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                Flush();
                _pending.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
