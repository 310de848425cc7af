using BenchmarkDotNet.Attributes;
using InterviewLM.Recording.Replay;
using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Benchmarks.Replay;

/// <summary>Issue 8's bars: seek to a moment of an hour-long session through the nearest keyframe, against folding from the start, early, middle and late; what loading the stored archive and a one-shot seek in it (the CLI's <c>--at</c>) cost.</summary>
/// <remarks>
/// The sessions are <see cref="LongSession"/>'s: automerge-paper plus the corpus casts on a terminal channel, over an hour,
/// recorded (CodeTracker's snapshots) or imported. <see cref="GlobalSetup"/> also prints what keyframes add to the
/// archive (<c>ilmrec convert --codec protobuf-brotli</c>'s settings), since that is a size, not a time.
/// Percentiles of random seeks: <see cref="SeekLatencyBenchmarks"/>.
/// Run: <c>dotnet run -c Release --project benchmarks/InterviewLM.Recording.Benchmarks -- --filter '*SeekBenchmarks*'</c>.
/// </remarks>
public class SeekBenchmarks
{
    private SessionTimeline _timeline = null!;
    private StoredSession _archive = null!;

    /// <summary>Gets or sets which long session.</summary>
    [Params(LongSession.Recorded, LongSession.Imported)]
    public string Session { get; set; } = LongSession.Recorded;

    /// <summary>Gets or sets where in the session the seek lands, as a fraction of its duration.</summary>
    [Params(0.05, 0.5, 0.95)]
    public double At { get; set; }

    [GlobalSetup]
    public void GlobalSetup()
    {
        var events = LongSession.Get(Session);
        _timeline = LongSession.Timeline(Session);
        var (without, with) = LongSession.Archives(Session);
        _archive = LongSession.Open(with);
        if (At == 0.5)
        {
            var withoutLength = LongSession.Open(without).GetEventsLengthAsync().AsTask().GetAwaiter().GetResult();
            var withLength = _archive.GetEventsLengthAsync().AsTask().GetAwaiter().GetResult();
            Console.WriteLine($"// {Session}: {events.Count:N0} events over {_timeline.Duration}, {_timeline.Keyframes.Count} keyframes");
            Console.WriteLine($"// {Session} archive (protobuf-brotli, q11, 65,536-event blocks): {withoutLength:N0} bytes without keyframes, {withLength:N0} with: keyframes add {100.0 * (withLength - withoutLength) / withoutLength:0.0}%");
        }
    }

    /// <summary>Seeks to one moment of the loaded timeline through the nearest keyframe (a new state; keyframes decoded once, as a player keeps them).</summary>
    [Benchmark(Baseline = true)]
    public long Seek_Keyframes() => _timeline.StateAt(_timeline.Duration * At).EventCount;

    /// <summary>Folds from the start to the same moment (what seeking without keyframes costs).</summary>
    [Benchmark]
    public long Seek_FoldFromStart() => _timeline.FoldFromStart(_timeline.Duration * At).EventCount;

    /// <summary>Loads the stored archive as a player does (<see cref="SessionKeyframes.LoadAsync"/>: every event, in-memory keyframes).</summary>
    [Benchmark]
    public long Load_StoredArchive() => SessionKeyframes.LoadAsync(_archive).GetAwaiter().GetResult().Keyframes.Count;

    /// <summary>Opens the stored archive and seeks once: index, keyframe, the blocks it names and the blocks up to the moment (the CLI's <c>files</c>/<c>screen --at</c>).</summary>
    [Benchmark]
    public long Seek_StoredArchive()
    {
        var seeker = StoredSessionSeeker.OpenAsync(_archive).GetAwaiter().GetResult()!;
        return seeker.StateAtAsync(_timeline.Duration * At).GetAwaiter().GetResult().EventCount;
    }
}
