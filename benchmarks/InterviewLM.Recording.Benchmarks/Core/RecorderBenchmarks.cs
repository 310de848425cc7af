using BenchmarkDotNet.Attributes;
using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Benchmarks.Core;

/// <summary>Issue 3: <c>Record()</c> on the caller's thread (≤ 1 µs median, no I/O there).</summary>
public class RecorderBenchmarks
{
    private SessionRecorder _recorder = null!;
    private readonly TerminalOutput _output = new("$ pytest -q\r\n");

    [GlobalSetup]
    public void Setup() => _recorder = SessionRecorder.Start(new DiscardingSink(), new SessionRecorderOptions { Capacity = 1 << 20 });

    [GlobalCleanup]
    public void Cleanup() => _recorder.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>One call: validate, sequence, time, enqueue.</summary>
    [Benchmark]
    public RecordedEvent Record() => _recorder.Record(_output);

    private sealed class DiscardingSink : IEventSink
    {
        public ValueTask WriteAsync(ReadOnlyMemory<RecordedEvent> block, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask CompleteAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
