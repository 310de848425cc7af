using InterviewLM.Recording.Storage;
using InterviewLM.Recording.Testing;
using InterviewLM.Recording.TestUtils;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace InterviewLM.Recording.Hosting.Tests;

public sealed class AddInterviewRecordingTests
{
    internal static void RecordSample(SessionRecorder recorder)
    {
        recorder.Record(new FileCreated("f1", "main.py", "python"));
        recorder.Record(new TextEdited("f1", new[] { new TextChange(0, 0, "print('hi')\n") }));
        recorder.Record(new TerminalOutput("$ python main.py\r\nhi\r\n"));
        recorder.Record(new ClaudeInteraction("msg_1", "claude-sonnet-4-5", "Why hi?", "Tradition.", ClaudeUsage.None, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task StartAsync_ServiceCollection_SessionHasEveryDefaultObjectAndMetadata()
    {
        var store = new InMemorySessionStore();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock); // taken over TimeProvider.System
        services.AddInterviewRecording(o => o.Environment["region"] = "eu").UseStore(store);
        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<ISessionRecorderFactory>();

        await using (var recorder = await factory.StartAsync(new SessionStartOptions { SessionId = "sess_di", AssessmentId = "asm", CandidateId = "cand", Environment = { ["room"] = "7" } }))
        {
            RecordSample(recorder);
            clock.Advance(TimeSpan.FromSeconds(5));
            await recorder.CompleteAsync();
        }

        Assert.Same(store, factory.Store);
        var objects = store["sess_di"];
        Assert.Equal(
            ["claude_interactions.jsonl", "files/f1.diffs", "files/f1.hash", "terminal.cast"],
            await ProjectionHarness.ProjectionNamesAsync(objects));
        var session = await StoredSession.OpenAsync(objects);
        Assert.Equal((SessionStatus.Completed, "asm", "cand", "jsonl-gz"), (session.Metadata!.Status, session.Metadata.AssessmentId, session.Metadata.CandidateId, session.Metadata.Codec));
        Assert.Equal(clock.Start, session.Metadata.StartTime);
        Assert.Equal(TimeSpan.FromSeconds(5), session.Metadata.Duration);
        Assert.Equal(("eu", "7"), (session.Metadata.Environment["region"], session.Metadata.Environment["room"]));
        Assert.Contains((await session.ReadCurrentIndexAsync()).Blocks, b => b.Kind == BlockKind.Keyframe);
    }

    [Fact]
    public async Task AddInterviewRecording_StoreRootAndCodec_DirectorySessionInThatCodec()
    {
        var root = Directory.CreateTempSubdirectory("ilmrec-hosting-");
        try
        {
            var services = new ServiceCollection();
            services.AddInterviewRecording(root.FullName).Services.Configure<InterviewRecordingOptions>(o => o.Codec = "jsonl");
            await using var provider = services.BuildServiceProvider();
            var factory = provider.GetRequiredService<ISessionRecorderFactory>();

            await using (var recorder = await factory.StartAsync("sess_dir"))
            {
                RecordSample(recorder);
            }

            Assert.IsType<DirectorySessionStore>(factory.Store);
            Assert.True(File.Exists(Path.Combine(root.FullName, "sess_dir", "events.jsonl")));
            Assert.True(File.Exists(Path.Combine(root.FullName, "sess_dir", "terminal.cast")));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task AddInterviewRecording_CalledTwice_OneFactoryAndBothConfigurations()
    {
        var services = new ServiceCollection();
        var store = new InMemorySessionStore();
        services.AddInterviewRecording().UseStore(store);
        services.AddInterviewRecording(o => o.MaxBlockEvents = 2).WithoutDefaultLayers();
        await using var provider = services.BuildServiceProvider();

        Assert.Single(services, d => d.ServiceType == typeof(ISessionRecorderFactory));
        await using (var recorder = await provider.GetRequiredService<ISessionRecorderFactory>().StartAsync("s"))
        {
            RecordSample(recorder);
        }

        Assert.Empty(await ProjectionHarness.ProjectionNamesAsync(store["s"])); // no default layers: no projections
        var index = await (await StoredSession.OpenAsync(store["s"])).ReadCurrentIndexAsync();
        Assert.DoesNotContain(index.Blocks, b => b.Kind == BlockKind.Keyframe);
        Assert.True(index.Blocks.Count >= 3, "blocks of at most 2 events");
    }

    [Fact]
    public async Task ConfigurePipeline_LayerBeforeDefaults_ProjectionsSeeItsEvents()
    {
        var store = new InMemorySessionStore();
        var services = new ServiceCollection();
        services.AddInterviewRecording().UseStore(store).Use((inner, _) => new RedactingLayer(inner));
        await using var provider = services.BuildServiceProvider();

        await using (var recorder = await provider.GetRequiredService<ISessionRecorderFactory>().StartAsync("s"))
        {
            recorder.Record(new TerminalOutput("password=hunter2\r\n"));
        }

        var cast = System.Text.Encoding.UTF8.GetString(store["s"].GetContent("terminal.cast")!);
        Assert.DoesNotContain("hunter2", cast, StringComparison.Ordinal);
        Assert.Contains("[REDACTED]", cast, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TryAdd_ServicesRegisteredFirst_AreKept()
    {
        var services = new ServiceCollection();
        var clock = new FakeTimeProvider();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<ISessionRecorderFactory, NoFactory>();
        services.AddInterviewRecording("unused");
        await using var provider = services.BuildServiceProvider();

        Assert.Same(clock, provider.GetRequiredService<TimeProvider>());
        Assert.IsType<NoFactory>(provider.GetRequiredService<ISessionRecorderFactory>());
        Assert.Single(services, d => d.ServiceType == typeof(TimeProvider));
    }

    [Fact]
    public async Task TimeProvider_NoneRegistered_SystemClock()
    {
        var services = new ServiceCollection();
        services.AddInterviewRecording("unused");
        await using var provider = services.BuildServiceProvider();

        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public async Task Validation_EveryBadOption_NamedInOneException()
    {
        var services = new ServiceCollection();
        services.AddInterviewRecording(o =>
        {
            o.Codec = "zstd";
            o.RecorderCapacity = 0;
            o.MaxBlockEvents = -1;
            o.FlushInterval = TimeSpan.Zero;
        });
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<ISessionRecorderFactory>());

        Assert.Equal(
            [
                "InterviewRecordingOptions.StoreRoot is required: set it, or give a store with UseStore or UseDirectoryStore.",
                "InterviewRecordingOptions.Codec 'zstd' is unknown; known codecs: jsonl-gz, jsonl.",
                "InterviewRecordingOptions.RecorderCapacity must be at least 1 (it is 0).",
                "InterviewRecordingOptions.MaxBlockEvents must be at least 1 (it is -1).",
                "InterviewRecordingOptions.FlushInterval must be positive (it is 00:00:00).",
            ],
            error.Failures);
    }

    [Fact]
    public async Task ValidateOnStart_GenericHostWithoutStore_FailsAtStart()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddInterviewRecording();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("InterviewRecordingOptions.StoreRoot is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validation_StoreGivenOnBuilder_NoStoreRootNeeded()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddInterviewRecording().UseStore(new InMemorySessionStore());
        using var host = builder.Build();

        await host.StartAsync();
        Assert.NotNull(host.Services.GetRequiredService<ISessionRecorderFactory>());
        await host.StopAsync();
    }

    [Fact]
    public async Task StartAsync_ManySessionsAtOnce_EachCompleteAndSeparate()
    {
        var store = new InMemorySessionStore();
        var services = new ServiceCollection();
        services.AddInterviewRecording(o => o.FlushInterval = TimeSpan.FromMilliseconds(20)).UseStore(store);
        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<ISessionRecorderFactory>();

        await Parallel.ForEachAsync(Enumerable.Range(0, 48), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            await using var recorder = await factory.StartAsync($"sess_{i:D2}", cancellationToken: ct);
            recorder.Record(new FileCreated("f", $"file{i}.txt"));
            for (var j = 0; j < 200; j++)
            {
                recorder.Record(new TerminalOutput($"{i}:{j}\r\n"));
            }

            await recorder.CompleteAsync(cancellationToken: ct);
        });

        var ids = new List<string>();
        await foreach (var id in store.ListAsync())
        {
            ids.Add(id);
        }

        Assert.Equal(48, ids.Count);
        for (var i = 0; i < 48; i++)
        {
            var session = await StoredSession.OpenAsync(store[$"sess_{i:D2}"]);
            Assert.Equal((SessionStatus.Completed, 203L), (session.Metadata!.Status, session.Metadata.EventCount));
            var outputs = new List<string>();
            await foreach (var e in session.ReadEventsAsync())
            {
                if (e.Event is TerminalOutput o)
                {
                    outputs.Add(o.Data);
                }
            }

            Assert.All(outputs, o => Assert.StartsWith($"{i}:", o, StringComparison.Ordinal));
            Assert.Equal(200, outputs.Count);
        }
    }

    [Fact]
    public async Task StartAsync_SessionIdTaken_ThrowsAndLogsTheFailure()
    {
        var logs = new ListLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(logs));
        services.AddInterviewRecording().UseStore(new InMemorySessionStore());
        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<ISessionRecorderFactory>();
        await using (var first = await factory.StartAsync("dup"))
        {
            first.Record(new Marker("m"));
        }

        await Assert.ThrowsAsync<IOException>(() => factory.StartAsync("dup").AsTask());

        var entries = logs.Entries.Where(e => e.Category.StartsWith("InterviewLM.Recording", StringComparison.Ordinal)).ToList();
        Assert.Equal(["SessionStarted", "SessionCompleted", "SessionStartFailed"], entries.Select(e => e.Id.Name));
        Assert.StartsWith("Recording session dup started in ", entries[0].Message, StringComparison.Ordinal);
        Assert.Equal("Recording session dup completed: 3 events over " + entries[1].Message.Split(" over ")[1], entries[1].Message);
        Assert.Equal((LogLevel.Error, "Recording session dup could not start"), (entries[2].Level, entries[2].Message));
        Assert.IsType<IOException>(entries[2].Exception);
    }

    [Fact]
    public async Task CompleteAsync_StorageFails_LogsSessionFailed()
    {
        var logs = new ListLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(logs));
        services.AddInterviewRecording().UseStore(new InMemorySessionStore()).Use((inner, _) => new FailingLayer(inner));
        await using var provider = services.BuildServiceProvider();
        var recorder = await provider.GetRequiredService<ISessionRecorderFactory>().StartAsync("bad");

        await Assert.ThrowsAnyAsync<Exception>(() => recorder.DisposeAsync().AsTask());

        var failed = Assert.Single(logs.Entries, e => e.Id.Name == "SessionFailed");
        Assert.Equal((LogLevel.Error, "Recording session bad failed"), (failed.Level, failed.Message));
        Assert.IsType<IOException>(failed.Exception);
    }

    private sealed class RedactingLayer(IEventSink inner) : DelegatingEventSink(inner)
    {
        public override ValueTask WriteAsync(ReadOnlyMemory<RecordedEvent> block, CancellationToken cancellationToken = default) =>
            base.WriteAsync(block.ToArray().Select(r => r.Event is TerminalOutput o && o.Data.Contains("password", StringComparison.Ordinal) ? r with { Event = new TerminalOutput("[REDACTED]\r\n") } : r).ToArray(), cancellationToken);
    }

    private sealed class FailingLayer(IEventSink inner) : DelegatingEventSink(inner)
    {
        public override ValueTask WriteAsync(ReadOnlyMemory<RecordedEvent> block, CancellationToken cancellationToken = default) =>
            throw new IOException("disk full");
    }

    private sealed class NoFactory : ISessionRecorderFactory
    {
        public ISessionStore Store => throw new NotSupportedException();

        public ValueTask<SessionRecorder> StartAsync(SessionStartOptions session, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
