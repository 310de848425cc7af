using BenchmarkDotNet.Attributes;
using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Benchmarks.Storage;

/// <summary>Issue 3: end-to-end ingest of realistic mixed events through <see cref="SessionRecorder"/> into a session directory through a <see cref="SessionStorageSink"/> (≥ 300,000 events/s into gzip JSONL).</summary>
public class IngestBenchmarks
{
    private const int EventCount = 100_000;
    private SessionEvent[] _events = [];
    private string _root = string.Empty;

    [Params("jsonl", "jsonl-gz")]
    public string Codec { get; set; } = "jsonl-gz";

    [GlobalSetup]
    public void Setup()
    {
        _events = RealisticEvents.Create(EventCount);
        _root = Directory.CreateTempSubdirectory("ilmrec-bench-").FullName;
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    /// <summary>Records every event from the calling thread until every block is in the events file, index and metadata written (what a live session pays, without projections): a <see cref="SessionStorageSink"/> over a directory.</summary>
    [Benchmark(OperationsPerInvoke = EventCount)]
    public async Task<long> RecordAndFlush()
    {
        var path = Path.Combine(_root, Guid.NewGuid().ToString("N"));
        var sink = await SessionStorageSink.CreateAsync(DirectorySessionObjects.Create(path), new SessionStorageOptions { Codec = EventCodecs.Default.Get(Codec) });
        var recorder = SessionRecorder.Start(sink);
        foreach (var value in _events)
        {
            recorder.Record(value);
        }

        await recorder.CompleteAsync(); // the last block, index.json and metadata.json
        var count = recorder.EventCount;
        await sink.DisposeAsync();
        Directory.Delete(path, recursive: true);
        return count;
    }

    /// <summary>Records every event from the calling thread, then completes (flush, index, metadata) and disposes the sink, as a host's <c>await using</c> does.</summary>
    [Benchmark(OperationsPerInvoke = EventCount)]
    public async Task<long> RecordAndFinalize()
    {
        var path = Path.Combine(_root, Guid.NewGuid().ToString("N"));
        var sink = await SessionStorageSink.CreateAsync(DirectorySessionObjects.Create(path), new SessionStorageOptions { Codec = EventCodecs.Default.Get(Codec) });
        long count;
        await using (sink)
        {
            var recorder = SessionRecorder.Start(sink);
            foreach (var value in _events)
            {
                recorder.Record(value);
            }

            await recorder.CompleteAsync();
            count = recorder.EventCount;
        }

        Directory.Delete(path, recursive: true);
        return count;
    }
}
