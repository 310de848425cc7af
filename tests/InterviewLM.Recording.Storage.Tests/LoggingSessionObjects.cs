using InterviewLM.Recording.Testing;

namespace InterviewLM.Recording.Storage.Tests;

/// <summary>An in-memory session that logs every write it is asked for, with the metadata status each metadata write leaves.</summary>
internal sealed class LoggingSessionObjects(string location = "memory:logged") : ISessionObjects
{
    private readonly object _gate = new();

    public InMemorySessionObjects Inner { get; } = new(location);

    public List<string> Log { get; } = [];

    public string Location => Inner.Location;

    public ValueTask<long?> GetLengthAsync(string name, CancellationToken cancellationToken = default) => Inner.GetLengthAsync(name, cancellationToken);

    public IAsyncEnumerable<SessionObjectInfo> ListAsync(CancellationToken cancellationToken = default) => Inner.ListAsync(cancellationToken);

    public ValueTask<Stream> OpenReadAsync(string name, long offset = 0, long? length = null, CancellationToken cancellationToken = default) =>
        Inner.OpenReadAsync(name, offset, length, cancellationToken);

    public ValueTask<Stream> OpenAppendAsync(string name, CancellationToken cancellationToken = default)
    {
        Add("append " + name);
        return OpenAsync();

        async ValueTask<Stream> OpenAsync() => new DisposeLoggingStream(await Inner.OpenAppendAsync(name, cancellationToken), () => Add("dispose " + name));
    }

    public async ValueTask ReplaceAsync(string name, Func<Stream, CancellationToken, ValueTask> write, CancellationToken cancellationToken = default)
    {
        await Inner.ReplaceAsync(name, write, cancellationToken);
        Add(name == SessionObjectNames.Metadata
            ? "replace metadata.json " + SessionJson.ReadMetadata(Inner.GetContent(name)!).Status.ToString().ToLowerInvariant()
            : "replace " + name);
    }

    public ValueTask DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        Add("delete " + name);
        return Inner.DeleteAsync(name, cancellationToken);
    }

    private void Add(string entry)
    {
        lock (_gate)
        {
            Log.Add(entry);
        }
    }

    // Passes writes on; logs its disposal.
    private sealed class DisposeLoggingStream(Stream inner, Action disposed) : Stream
    {
        private bool _disposed;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => inner.Length;

        public override long Position
        {
            get => inner.Position;
            set => throw new NotSupportedException();
        }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing && !_disposed)
            {
                _disposed = true;
                inner.Dispose();
                disposed();
            }

            base.Dispose(disposing);
        }
    }
}
