using InterviewLM.Recording.Storage.Jsonl;
using InterviewLM.Recording.Testing;
using InterviewLM.Recording.TestUtils;
using Microsoft.Extensions.Time.Testing;
using static InterviewLM.Recording.Storage.Tests.TestSessions;

namespace InterviewLM.Recording.Storage.Tests;

public sealed class SessionPipelineBuilderTests
{
    [Fact]
    public async Task BuildAsync_Layers_FirstUseIsOutermostAndEachCallPassesThroughInOrder()
    {
        var log = new List<string>();
        var pipeline = new SessionPipelineBuilder()
            .Use(inner => new NamedLayer(inner, "a", log))
            .Use((inner, context) => new NamedLayer(inner, "b", log))
            .Use(inner => new NamedLayer(inner, "c", log));
        Assert.Equal(3, pipeline.Count);

        var objects = new InMemorySessionObjects("memory:order");
        var sink = await pipeline.BuildAsync(objects, new SessionStorageOptions { Codec = JsonlCodec.Instance });
        Assert.IsType<NamedLayer>(sink);
        await WriteBlocksAsync(sink, [EventGenerators.SampleStream(5)]);

        Assert.Equal(new[] { "a write", "b write", "c write", "a complete", "b complete", "c complete", "a dispose", "b dispose", "c dispose" }, log);
        Assert.Equal(SessionStatus.Completed, (await StoredSession.OpenAsync(objects)).Metadata!.Status);
    }

    [Fact]
    public async Task BuildAsync_LayerSeesTheContext()
    {
        SessionPipelineContext? seen = null;
        var services = new ServiceProviderStub();
        var storage = new SessionStorageOptions { Codec = JsonlCodec.Instance, CandidateId = "c" };
        var objects = new InMemorySessionObjects("memory:context");
        var sink = await new SessionPipelineBuilder().Use((inner, context) =>
        {
            seen = context;
            return new PassThroughLayer(inner);
        }).BuildAsync(objects, storage, services);
        await sink.DisposeAsync();

        Assert.Same(objects, seen!.Objects);
        Assert.Same(storage, seen.Storage);
        Assert.Same(services, seen.Services);
    }

    [Fact]
    public async Task UseProjection_Session_WritesTheProjectionBeforeMetadataSaysCompleted()
    {
        var objects = new LoggingSessionObjects();
        SessionStorageSinkTests.CountingProjection? projection = null;
        var pipeline = new SessionPipelineBuilder().UseProjection(_ => projection = new SessionStorageSinkTests.CountingProjection("count.txt"));
        await RecordSampleAsync(objects, JsonlCodec.Instance, pipeline: pipeline);

        Assert.Equal(SampleEvents().Count() + 2, projection!.Count);
        Assert.Equal("10", System.Text.Encoding.UTF8.GetString(objects.Inner.GetContent("count.txt")!));
        var written = objects.Log.IndexOf("replace count.txt");
        Assert.True(written > objects.Log.IndexOf("replace metadata.json active"));
        Assert.True(written < objects.Log.IndexOf("replace index.json"));
        Assert.Equal("replace metadata.json completed", objects.Log[^1]);
    }

    [Fact]
    public async Task UseProjection_Builder_MakesANewProjectionPerSession()
    {
        var made = 0;
        var pipeline = new SessionPipelineBuilder().UseProjection(_ =>
        {
            made++;
            return new SessionStorageSinkTests.CountingProjection("count.txt");
        });
        var first = new InMemorySessionObjects("memory:1");
        var second = new InMemorySessionObjects("memory:2");
        await WriteBlocksAsync(await pipeline.BuildAsync(first), [EventGenerators.SampleStream(4)]);
        await WriteBlocksAsync(await pipeline.BuildAsync(second), [EventGenerators.SampleStream(7)]);

        Assert.Equal(2, made);
        Assert.Equal("4"u8.ToArray(), first.GetContent("count.txt"));
        Assert.Equal("7"u8.ToArray(), second.GetContent("count.txt"));
    }

    [Fact]
    public async Task BuildAsync_LayerFactoryThrows_DisposesTheStorageSinkAndTheLayersBuilt()
    {
        var log = new List<string>();
        var objects = new LoggingSessionObjects();
        var pipeline = new SessionPipelineBuilder()
            .Use(_ => throw new InvalidOperationException("layer failed"))
            .Use(inner => new NamedLayer(inner, "inner", log));

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(async () => await pipeline.BuildAsync(objects, new SessionStorageOptions { Codec = JsonlCodec.Instance }));
        Assert.Equal("layer failed", ex.Message);
        Assert.Equal(new[] { "inner dispose" }, log);
        Assert.Equal(new[] { "append events.jsonl", "dispose events.jsonl" }, objects.Log);
    }

    [Fact]
    public async Task BuildAsync_LayerReturnsNull_ThrowsAndDisposesTheStorageSink()
    {
        var objects = new LoggingSessionObjects();
        var pipeline = new SessionPipelineBuilder().Use(_ => null!);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await pipeline.BuildAsync(objects, new SessionStorageOptions { Codec = JsonlCodec.Instance }));
        Assert.Equal("dispose events.jsonl", objects.Log[^1]);
    }

    [Fact]
    public async Task UseKeyframes_Fold_StoresKeyframesAfterTheirBlocksAndRefusesOutsideOnes()
    {
        var objects = new InMemorySessionObjects("memory:keyframes");
        var events = EventGenerators.SampleStream(40);
        var sink = await new SessionPipelineBuilder().UseKeyframes(() => new EveryNthKeyframe(6)).BuildAsync(objects, new SessionStorageOptions { Codec = JsonlCodec.Instance });
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await ((IKeyframeSink)sink).WriteKeyframeAsync(1, TimeSpan.Zero, new byte[] { 1 }));
        await WriteBlocksAsync(sink, events.Chunk(10));

        var session = await StoredSession.OpenAsync(objects);
        var read = await session.ReadBlocksAsync().ToListAsync();
        Assert.Equal(events, read.Where(r => r.Block is not null).SelectMany(r => r.Block!.Events));
        var keyframes = read.Where(r => r.Keyframe is not null).Select(r => r.Keyframe!).ToList();
        Assert.Equal(events.Where((_, i) => (i + 1) % 6 == 0).Select(e => e.Sequence + 1), keyframes.Select(k => k.Location.FirstSequence));
        Assert.All(keyframes, k => Assert.Equal(EveryNthKeyframe.StateFor(k.Location.FirstSequence - 1), k.State.ToArray()));

        // Every keyframe follows the block holding its event: never cuts a block.
        Assert.Equal(4, read.Count(r => r.Block is not null));
        Assert.DoesNotContain((await SessionVerification.VerifyAsync(session)).Problems, p => p.Kind is "KeyframeMisplaced" or "Index");
    }

    [Fact]
    public async Task StartAsync_Store_CreatesTheSessionAndTheRecorderOwnsThePipeline()
    {
        var store = new InMemorySessionStore();
        var log = new List<string>();
        var clock = new FakeTimeProvider(Start);
        var pipeline = new SessionPipelineBuilder().Use(inner => new NamedLayer(inner, "layer", log));
        var recorder = await pipeline.StartAsync(store, new SessionRecorderOptions { SessionId = "started", TimeProvider = clock }, new SessionStorageOptions { Codec = JsonlCodec.Instance, TimeProvider = clock });
        Assert.Equal("started", recorder.SessionId);
        recorder.Record(new Marker("m"));
        await recorder.DisposeAsync();

        Assert.Equal(new[] { "started" }, await store.ListAsync().ToListAsync());
        var session = await StoredSession.OpenAsync(await store.OpenAsync("started"));
        Assert.Equal(SessionStatus.Completed, session.Metadata!.Status);
        Assert.Equal("started", session.Metadata.SessionId);
        Assert.Equal(3, session.Metadata.EventCount);
        Assert.Equal("layer dispose", log[^1]);
        Assert.Contains("layer complete", log);

        await Assert.ThrowsAsync<IOException>(async () => await pipeline.StartAsync(store, new SessionRecorderOptions { SessionId = "started" }));
    }

    [Fact]
    public async Task StartAsync_NoSessionId_GetsANewOne()
    {
        var store = new InMemorySessionStore();
        await using (var recorder = await new SessionPipelineBuilder().StartAsync(store))
        {
            Assert.StartsWith("sess_", recorder.SessionId, StringComparison.Ordinal);
        }

        Assert.Single(await store.ListAsync().ToListAsync());
    }

    private sealed class ServiceProviderStub : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }
}
