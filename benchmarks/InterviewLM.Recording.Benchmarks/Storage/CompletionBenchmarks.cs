using BenchmarkDotNet.Attributes;
using InterviewLM.Recording.Benchmarks.Replay;
using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Benchmarks.Storage;

/// <summary>Issue 14: completing a one-hour session (<see cref="LongSession"/>, ~280,000 events) recorded through the default pipeline into a directory: the time of <c>CompleteAsync</c> alone.</summary>
/// <remarks>
/// The projections fold as the events pass, so completion writes <c>terminal.cast</c>, <c>claude_interactions.jsonl</c>,
/// <c>files/</c>, <c>index.json</c> and <c>metadata.json</c> without reading the events file; the previous code re-read it
/// once per projection. Each iteration records the whole session anew (not measured) and measures one completion.
/// Run: <c>dotnet run -c Release --project benchmarks/InterviewLM.Recording.Benchmarks -- --filter '*CompletionBenchmarks*'</c>.
/// </remarks>
[InvocationCount(1, 1)]
public class CompletionBenchmarks
{
    private List<RecordedEvent> _events = [];
    private string _root = string.Empty;
    private string _path = string.Empty;
    private IEventSink _sink = null!;

    /// <summary>Gets or sets which long session.</summary>
    [Params(LongSession.Recorded)]
    public string Session { get; set; } = LongSession.Recorded;

    [GlobalSetup]
    public void GlobalSetup()
    {
        _events = LongSession.Get(Session);
        _root = Directory.CreateTempSubdirectory("ilmrec-bench-complete-").FullName;
        Console.WriteLine($"// {Session}: {_events.Count:N0} events over {_events[^1].Time}");
    }

    [GlobalCleanup]
    public void GlobalCleanup() => Directory.Delete(_root, recursive: true);

    /// <summary>Records every event through the default pipeline (as the recorder's blocks would arrive), leaving it to complete.</summary>
    [IterationSetup]
    public void IterationSetup()
    {
        _path = Path.Combine(_root, Guid.NewGuid().ToString("N"));
        _sink = InterviewRecording.CreatePipeline().BuildAsync(DirectorySessionObjects.Create(_path)).AsTask().GetAwaiter().GetResult();
        foreach (var block in _events.Chunk(4096))
        {
            _sink.WriteAsync(block).AsTask().GetAwaiter().GetResult();
        }
    }

    [IterationCleanup]
    public void IterationCleanup()
    {
        _sink.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_path, recursive: true);
    }

    /// <summary>Completes the session: the projections, keyframe layer and storage sink finish and write their objects.</summary>
    [Benchmark]
    public async Task<long> Complete()
    {
        await _sink.CompleteAsync();
        return new DirectoryInfo(_path).EnumerateFiles("*", SearchOption.AllDirectories).Count();
    }
}
