using System.Diagnostics.Metrics;
using InterviewLM.Recording.Storage;
using InterviewLM.Recording.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewLM.Recording.Hosting.Tests;

public sealed class RecordingMetricsTests
{
    private static (ServiceProvider Provider, RecordingMeasurements Measurements, InMemorySessionStore Store) Start(Action<InterviewRecordingOptions>? configure = null, Action<InterviewRecordingBuilder>? build = null)
    {
        var store = new InMemorySessionStore();
        var services = new ServiceCollection();
        services.AddMetrics();
        var builder = services.AddInterviewRecording(o => configure?.Invoke(o)).UseStore(store);
        build?.Invoke(builder);
        var provider = services.BuildServiceProvider();
        return (provider, new RecordingMeasurements(provider.GetRequiredService<IMeterFactory>()), store);
    }

    [Fact]
    public async Task Session_Recorded_EventsBlocksBytesAndFlushLatencyMeasured()
    {
        var (provider, measurements, store) = Start();
        await using var _ = provider;
        using var __ = measurements;

        long recorded;
        await using (var recorder = await provider.GetRequiredService<ISessionRecorderFactory>().StartAsync("sess_m"))
        {
            AddInterviewRecordingTests.RecordSample(recorder);
            await recorder.FlushAsync();
            measurements.Observe();
            Assert.Equal(1, measurements.Sum(RecordingMetrics.ActiveSessions));
            await recorder.CompleteAsync();
            recorded = recorder.EventCount;
        }

        var session = await StoredSession.OpenAsync(store["sess_m"]);
        var index = await session.ReadCurrentIndexAsync();
        Assert.Equal(recorded, measurements.Sum(RecordingMetrics.Events));
        Assert.Equal(6, recorded); // start, four events, end
        Assert.Equal("{event}", measurements.Unit(RecordingMetrics.Events));
        Assert.Equal(index.Blocks.Count(b => b.Kind != BlockKind.Keyframe), measurements.Sum(RecordingMetrics.Blocks, RecordingMetrics.BlockKindTag, "events"));
        Assert.Equal(index.Blocks.Count(b => b.Kind == BlockKind.Keyframe), measurements.Sum(RecordingMetrics.Blocks, RecordingMetrics.BlockKindTag, "keyframe"));
        Assert.True(measurements.Sum(RecordingMetrics.Blocks, RecordingMetrics.BlockKindTag, "keyframe") >= 1);
        Assert.Equal(await session.GetEventsLengthAsync(), measurements.Sum(RecordingMetrics.Bytes));
        Assert.Equal(measurements.Sum(RecordingMetrics.Bytes), measurements.Sum(RecordingMetrics.Bytes, RecordingMetrics.CodecTag, "jsonl-gz"));
        Assert.Equal("By", measurements.Unit(RecordingMetrics.Bytes));
        Assert.Equal(measurements.Sum(RecordingMetrics.Blocks), measurements.Count(RecordingMetrics.FlushDuration));
        Assert.Equal("s", measurements.Unit(RecordingMetrics.FlushDuration));
        Assert.All(measurements.All.Where(m => m.Name == RecordingMetrics.FlushDuration), m => Assert.InRange(m.Value, 0, 60));
        measurements.Observe();
        Assert.Equal(0, measurements.Sum(RecordingMetrics.ActiveSessions));
        Assert.Equal(0, measurements.Sum(RecordingMetrics.QueueDepth));
    }

    [Fact]
    public async Task QueueFull_WaitMode_DepthObservedAndWaitCounted()
    {
        using var gate = new SemaphoreSlim(0);
        var (provider, measurements, _) = Start(o => o.RecorderCapacity = 4, b => b.Use((inner, _) => new GateLayer(inner, gate)));
        await using var _p = provider;
        using var _m = measurements;
        var recorder = await provider.GetRequiredService<ISessionRecorderFactory>().StartAsync("sess_full");

        var producer = Task.Run(() =>
        {
            for (var i = 0; i < 20; i++)
            {
                recorder.Record(new TerminalOutput("x"));
            }
        });
        while (measurements.Sum(RecordingMetrics.RecorderWaits) == 0)
        {
            await Task.Delay(10);
        }

        measurements.Observe();
        Assert.InRange(measurements.Sum(RecordingMetrics.QueueDepth), 4, 21); // the full queue, and the block the writer holds
        Assert.Equal("{event}", measurements.Unit(RecordingMetrics.QueueDepth));
        gate.Release();
        await producer;
        await recorder.DisposeAsync();

        Assert.True(measurements.Sum(RecordingMetrics.RecorderWaits) >= 1);
        Assert.Equal(22, measurements.Sum(RecordingMetrics.Events));
        Assert.Equal(0, measurements.Sum(RecordingMetrics.RecorderFailures));
    }

    [Fact]
    public async Task QueueFull_FailMode_FailureCountedAsRecorderFull()
    {
        using var gate = new SemaphoreSlim(0);
        var (provider, measurements, _) = Start(o => (o.RecorderCapacity, o.FullMode) = (2, RecorderFullMode.Fail), b => b.Use((inner, _) => new GateLayer(inner, gate)));
        await using var _p = provider;
        using var _m = measurements;
        var recorder = await provider.GetRequiredService<ISessionRecorderFactory>().StartAsync("sess_fail");

        var refused = 0;
        for (var i = 0; i < 50; i++)
        {
            try
            {
                recorder.Record(new TerminalOutput("x"));
            }
            catch (RecorderFullException)
            {
                refused++;
            }
        }

        gate.Release();
        await recorder.DisposeAsync();

        Assert.True(refused > 0);
        Assert.Equal(refused, measurements.Sum(RecordingMetrics.RecorderFailures, RecordingMetrics.ErrorTypeTag, "recorder_full"));
    }

    [Fact]
    public async Task WriterFails_FailureCountedWithExceptionType()
    {
        var (provider, measurements, _) = Start(build: b => b.Use((inner, _) => new ThrowingLayer(inner)));
        await using var _p = provider;
        using var _m = measurements;
        var recorder = await provider.GetRequiredService<ISessionRecorderFactory>().StartAsync("sess_broken");

        await Assert.ThrowsAnyAsync<Exception>(() => recorder.DisposeAsync().AsTask());

        Assert.Equal(1, measurements.Sum(RecordingMetrics.RecorderFailures, RecordingMetrics.ErrorTypeTag, typeof(IOException).FullName));
    }

    [Fact]
    public async Task ReportCaptureFailure_TaggedWithTheCapture()
    {
        var (provider, measurements, _) = Start();
        await using var _p = provider;
        using var _m = measurements;
        await using var recorder = await provider.GetRequiredService<ISessionRecorderFactory>().StartAsync("sess_capture");

        recorder.ReportCaptureFailure("claude", "response stream could not be parsed");
        recorder.ReportCaptureFailure("claude", "interaction msg_1 could not be recorded");
        recorder.ReportCaptureFailure("terminal", "reading the terminal failed");

        Assert.Equal(2, measurements.Sum(RecordingMetrics.CaptureFailures, RecordingMetrics.CaptureTag, "claude"));
        Assert.Equal(1, measurements.Sum(RecordingMetrics.CaptureFailures, RecordingMetrics.CaptureTag, "terminal"));
    }

    private sealed class ThrowingLayer(IEventSink inner) : DelegatingEventSink(inner)
    {
        public override ValueTask WriteAsync(ReadOnlyMemory<RecordedEvent> block, CancellationToken cancellationToken = default) => throw new IOException("disk full");
    }
}
