using InterviewLM.Recording.Storage.Gzip;
using InterviewLM.Recording.Storage.Jsonl;
using InterviewLM.Recording.Testing;
using Microsoft.Extensions.Time.Testing;
using InterviewLM.Recording.TestUtils;
using static InterviewLM.Recording.Storage.Tests.TestSessions;

namespace InterviewLM.Recording.Storage.Tests;

/// <summary>The innermost sink: events appended block by block, metadata active then completed last, index.json, crash safety.</summary>
public sealed class SessionStorageSinkTests
{
    [Fact]
    public async Task CompleteAsync_Session_WritesMetadataActiveFirstThenIndexThenMetadataCompletedLast()
    {
        var objects = new LoggingSessionObjects();
        await RecordSampleAsync(objects, GzipJsonlCodec.Instance);

        Assert.Equal(
            new[] { "append events.jsonl.gz", "replace metadata.json active", "dispose events.jsonl.gz", "replace index.json", "replace metadata.json completed" },
            objects.Log);
    }

    [Fact]
    public async Task CompleteAsync_WithProjection_WritesItBeforeMetadataSaysCompleted()
    {
        var objects = new LoggingSessionObjects();
        var pipeline = new SessionPipelineBuilder().UseProjection(_ => new CountingProjection("count.txt"));
        await RecordSampleAsync(objects, JsonlCodec.Instance, pipeline: pipeline);

        Assert.Equal("replace metadata.json completed", objects.Log[^1]);
        Assert.True(objects.Log.IndexOf("replace count.txt") < objects.Log.IndexOf("replace metadata.json completed"));
        Assert.Equal("10", System.Text.Encoding.UTF8.GetString(objects.Inner.GetContent("count.txt")!));
    }

    [Fact]
    public async Task DisposeAsync_WithoutCompleting_LeavesEveryFlushedEventReadableAndVerifyReportsIt()
    {
        var path = NewPath();
        var clock = new FakeTimeProvider();
        var sink = await new SessionPipelineBuilder().BuildAsync(DirectorySessionObjects.Create(path), new SessionStorageOptions { Codec = GzipJsonlCodec.Instance, TimeProvider = clock });
        var recorder = SessionRecorder.Start(sink, new SessionRecorderOptions { TimeProvider = clock, MaxBlockEvents = 2 });
        foreach (var value in SampleEvents())
        {
            recorder.Record(value);
        }

        await recorder.FlushAsync();
        await sink.DisposeAsync(); // a crash: nothing finalized

        try
        {
            Assert.False(File.Exists(Path.Combine(path, SessionObjectNames.Index)));
            var session = await StoredSession.OpenAsync(DirectorySessionObjects.Open(path));
            Assert.Equal(SessionStatus.Active, session.Metadata!.Status);
            var count = 0;
            await foreach (var recorded in session.ReadEventsAsync())
            {
                Assert.Equal(count++, recorded.Sequence);
            }

            Assert.Equal(SampleEvents().Count() + 1, count);
            var verification = await SessionVerification.VerifyAsync(session);
            Assert.Contains(verification.Problems, p => p.Kind == "NotFinalized");
            Assert.Equal(count, verification.EventCount);
            Assert.Equal(count, (await session.ReadCurrentIndexAsync()).EventCount);
        }
        finally
        {
            Directory.Delete(path, recursive: true);
        }
    }

    [Fact]
    public async Task WriteAsync_EachBlock_IsReadableBeforeTheNext()
    {
        var objects = new InMemorySessionObjects("memory:live");
        var sink = await SessionStorageSink.CreateAsync(objects, new SessionStorageOptions { Codec = JsonlCodec.Instance });
        await using (sink)
        {
            var events = EventGenerators.SampleStream(30);
            foreach (var (block, i) in events.Chunk(10).Select((b, i) => (b, i)))
            {
                await sink.WriteAsync(block);
                var session = await StoredSession.OpenAsync(objects);
                Assert.Equal(events.Take((i + 1) * 10), await session.ReadEventsAsync().ToListAsync());
                Assert.Equal(i + 1, sink.Blocks.Count);
                Assert.Equal((i + 1) * 10, sink.Summary.EventCount);
            }

            await sink.CompleteAsync();
            await sink.CompleteAsync(); // a second completion does nothing
        }

        Assert.Equal(SessionStatus.Completed, (await StoredSession.OpenAsync(objects)).Metadata!.Status);
    }

    [Fact]
    public async Task CompleteAsync_ReadsNothingBack_IndexAndMetadataComeFromTheFold()
    {
        var objects = new InMemorySessionObjects("memory:noread");
        var events = EventGenerators.SampleStream(200, 3);
        await WriteBlocksAsync(await SessionStorageSink.CreateAsync(objects, new SessionStorageOptions { Codec = GzipJsonlCodec.Instance }), events.Chunk(16));

        Assert.Equal(0, objects.BytesRead(GzipJsonlCodec.Instance.FileName));
        var session = await StoredSession.OpenAsync(objects);
        var stored = (await session.ReadIndexAsync())!;
        var built = await session.BuildIndexAsync();
        Assert.Equal(built.Blocks, stored.Blocks);
        Assert.Equal(built.EventCount, stored.EventCount);
        Assert.Equal(built.EventsLength, stored.EventsLength);
        Assert.Equal(built.Checkpoints.Select(c => (c.Time, c.Offset, c.EventIndex, c.Description)), stored.Checkpoints.Select(c => (c.Time, c.Offset, c.EventIndex, c.Description)));
        Assert.Equal(events.Length, session.Metadata!.EventCount);
    }

    [Fact]
    public async Task CreateAsync_ObjectsHoldEventsAlready_Throws()
    {
        var objects = new InMemorySessionObjects("memory:twice");
        await RecordSampleAsync(objects, JsonlCodec.Instance);
        var ex = await Assert.ThrowsAsync<IOException>(async () => await SessionStorageSink.CreateAsync(objects, new SessionStorageOptions { Codec = JsonlCodec.Instance }));
        Assert.Contains("already", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_AfterDispose_Throws()
    {
        var sink = await SessionStorageSink.CreateAsync(new InMemorySessionObjects("memory:disposed"));
        await sink.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await sink.WriteAsync(EventGenerators.SampleStream(2)));
    }

    [Fact]
    public void DirectorySessionObjectsCreate_DirectoryNotEmpty_Throws()
    {
        var path = NewPath();
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, "x"), "x");
        try
        {
            var ex = Assert.Throws<IOException>(() => DirectorySessionObjects.Create(path));
            Assert.Contains("not empty", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(path, recursive: true);
        }
    }

    [Fact]
    public async Task DirectorySessionStoreCreate_SessionExists_Throws()
    {
        var root = NewPath();
        var store = new DirectorySessionStore(root);
        try
        {
            await RecordSampleAsync(await store.CreateAsync("s1"), JsonlCodec.Instance);
            await Assert.ThrowsAsync<IOException>(async () => await store.CreateAsync("s1"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task DurableWrites_Either_RecordsTheSameReadableSession(bool durable)
    {
        var root = NewPath();
        var store = new DirectorySessionStore(root, new DirectorySessionStoreOptions { DurableWrites = durable });
        try
        {
            await RecordSampleAsync(await store.CreateAsync("s"), GzipJsonlCodec.Instance);
            var session = await StoredSession.OpenAsync(await store.OpenAsync("s"));
            Assert.Equal(SampleEvents().Count() + 2, (await session.ReadEventsAsync().ToListAsync()).Count);
            Assert.True((await SessionVerification.VerifyAsync(session)).IsIntact);

            // The flushes of a durable append stream reach the disk (a flush to disk of a file opened for appending).
            var objects = DirectorySessionObjects.Open(Path.Combine(root, "s"), new DirectorySessionStoreOptions { DurableWrites = durable });
            var stream = await objects.OpenAppendAsync("extra.bin");
            await using (stream)
            {
                await stream.WriteAsync(new byte[] { 1, 2, 3 });
                await stream.FlushAsync();
                stream.Flush();
                Assert.Equal(3, await objects.GetLengthAsync("extra.bin"));
            }

            await objects.ReplaceAsync("replaced.bin", new byte[] { 4 });
            Assert.Equal(new byte[] { 4 }, await objects.ReadAllBytesAsync("replaced.bin"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Counts the events it sees and writes the count.</summary>
    internal sealed class CountingProjection(string name) : ISessionProjection
    {
        public string Name => name;

        public int Count { get; private set; }

        public void Apply(RecordedEvent recorded) => Count++;

        public ValueTask WriteAsync(ISessionObjects session, CancellationToken cancellationToken = default) =>
            session.ReplaceAsync(name, System.Text.Encoding.UTF8.GetBytes(Count.ToString(System.Globalization.CultureInfo.InvariantCulture)), cancellationToken);
    }
}
