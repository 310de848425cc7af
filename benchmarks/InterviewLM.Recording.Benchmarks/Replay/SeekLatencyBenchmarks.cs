using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using InterviewLM.Recording.Replay;

namespace InterviewLM.Recording.Benchmarks.Replay;

/// <summary>Issue 8's latency bar: p50 and p99 of seeks to random moments of an hour-long session, each iteration one seek, in the early, middle and late third.</summary>
/// <remarks>
/// Every iteration seeks to the next of 2,000 random moments (fixed seed) of its third: into a new state, or as
/// <see cref="SessionPlayer"/> does, into the state it holds. Keyframes are decoded once first, as a player keeps them.
/// Run: <c>dotnet run -c Release --project benchmarks/InterviewLM.Recording.Benchmarks -- --filter '*SeekLatencyBenchmarks*'</c>.
/// </remarks>
[Config(typeof(Config))]
public class SeekLatencyBenchmarks
{
    private SessionTimeline _timeline = null!;
    private TimeSpan[] _moments = [];
    private int _next;
    private TimeSpan _at;
    private SessionState? _held;

    /// <summary>Gets or sets which long session.</summary>
    [Params(LongSession.Recorded, LongSession.Imported)]
    public string Session { get; set; } = LongSession.Recorded;

    /// <summary>Gets or sets the third of the session the moments fall in.</summary>
    [Params("early", "middle", "late")]
    public string Third { get; set; } = "early";

    [GlobalSetup]
    public void GlobalSetup()
    {
        _timeline = LongSession.Timeline(Session);
        var from = Third switch { "early" => 0.0, "middle" => 1 / 3.0, _ => 2 / 3.0 };
        var random = new Random(42);
        _moments = Enumerable.Range(0, 2000).Select(_ => _timeline.Duration * (from + (random.NextDouble() / 3))).ToArray();

        // Let tiered compilation reach its optimized code first, as in a player that has been seeking for a while: with
        // only BenchmarkDotNet's warm-up iterations (one seek each) the fold still runs unoptimized code (p50 4× higher).
        SessionState? held = null;
        for (var i = 0; i < 4000; i++)
        {
            var at = _timeline.Duration * random.NextDouble();
            held = i % 2 == 0 ? _timeline.StateAt(at) : _timeline.StateAt(at, held);
        }
    }

    [IterationSetup]
    public void NextMoment() => _at = _moments[_next++ % _moments.Length];

    /// <summary>Seeks into a new state.</summary>
    [Benchmark(Baseline = true)]
    public long Seek_NewState() => _timeline.StateAt(_at).EventCount;

    /// <summary>Seeks into the state held from the previous seek, reusing its buffers (what the player does).</summary>
    [Benchmark]
    public long Seek_Player()
    {
        _held = _timeline.StateAt(_at, _held);
        return _held.EventCount;
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            // Every seek counts: outliers are the tail the bar is about. No forced collection between iterations: a player
            // does not collect before each seek (forcing one leaves every seek with cold caches, about 4× slower at p50),
            // and the collections the seeks cause themselves land in the tail where they belong.
            AddJob(Job.Default.WithInvocationCount(1).WithUnrollFactor(1).WithWarmupCount(30).WithIterationCount(600).WithGcForce(false)
                .WithOutlierMode(Perfolizer.Mathematics.OutlierDetection.OutlierMode.DontRemove).WithId("OneSeekPerIteration"));
            AddColumn(StatisticColumn.P50, StatisticColumn.P95, new PercentileColumn(99), StatisticColumn.Max);
        }
    }
}
