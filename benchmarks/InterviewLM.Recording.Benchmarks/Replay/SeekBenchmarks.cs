using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using InterviewLM.Recording.Replay;
using InterviewLM.Recording.SeekIndex;
using InterviewLM.Recording.Storage;
using InterviewLM.Recording.Storage.Protobuf;

namespace InterviewLM.Recording.Benchmarks.Replay;

/// <summary>Issue 8's bars: seek to any moment of an hour-long session in ≤ 1 ms (p50 and p99, flat in T), ≥ 100× faster than folding from the start at the late end; keyframes ≤ 10% of the archive.</summary>
/// <remarks>
/// The session is the automerge-paper trace (259,778 edits, with snapshots) plus the corpus casts replayed on a terminal
/// channel, stretched to 1 h. <see cref="GlobalSetup"/> also prints p50/p99 of 2,000 random seeks per third of the session
/// (Stopwatch, after warm-up) and the keyframes' share of a jsonl-gz archive, since BenchmarkDotNet reports means.
/// Run: <c>dotnet run -c Release --project benchmarks/InterviewLM.Recording.Benchmarks -- --filter '*SeekBenchmarks*' --job short</c>.
/// </remarks>
[MemoryDiagnoser]
public class SeekBenchmarks
{
    private const int SeeksPerInvoke = 64;
    private SessionTimeline _timeline = null!;
    private TimeSpan[] _random = [];

    /// <summary>Gets or sets where in the session the seek lands, as a fraction of its duration.</summary>
    [Params(0.05, 0.5, 0.95)]
    public double At { get; set; }

    [GlobalSetup]
    public void GlobalSetup()
    {
        var events = LongSession.Create(TimeSpan.FromHours(1));
        _timeline = SessionTimeline.Build(events, Policy());
        var random = new Random(42);
        _random = Enumerable.Range(0, SeeksPerInvoke).Select(_ => _timeline.Duration * random.NextDouble()).ToArray();
        Console.WriteLine($"// session: {_timeline.Events.Count:N0} events, {_timeline.Duration}, {_timeline.Keyframes.Count} keyframes, {_timeline.KeyframeBytes:N0} keyframe bytes (raw)");
        foreach (var keyframe in Enumerable.Range(0, _timeline.Keyframes.Count))
        {
            _timeline.StateAt(_timeline.Keyframes[keyframe].Time); // decode every keyframe once (the cache a player keeps)
        }

        if (At != 0.5)
        {
            return; // the figures below once per run are enough
        }

        SessionState? warm = null;
        for (var i = 0; i < 4000; i++)
        {
            warm = _timeline.StateAt(_timeline.Duration * random.NextDouble(), i % 2 == 0 ? null : warm); // let the JIT reach tier 1 first
        }

        foreach (var (name, from, to) in new[] { ("early", 0.0, 1 / 3.0), ("middle", 1 / 3.0, 2 / 3.0), ("late", 2 / 3.0, 1.0) })
        {
            var fresh = new double[2000];
            var recycled = new double[2000];
            SessionState? previous = null;
            for (var i = 0; i < fresh.Length; i++)
            {
                var at = _timeline.Duration * (from + ((to - from) * random.NextDouble()));
                var start = Stopwatch.GetTimestamp();
                _timeline.StateAt(at);
                fresh[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                at = _timeline.Duration * (from + ((to - from) * random.NextDouble()));
                start = Stopwatch.GetTimestamp();
                previous = _timeline.StateAt(at, previous);
                recycled[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }

            Array.Sort(fresh);
            Array.Sort(recycled);
            Console.WriteLine($"// seek {name}, new state: p50 {fresh[fresh.Length / 2]:0.000} ms, p99 {fresh[fresh.Length * 99 / 100]:0.000} ms, max {fresh[^1]:0.000} ms");
            Console.WriteLine($"// seek {name}, player (reuses its state): p50 {recycled[recycled.Length / 2]:0.000} ms, p99 {recycled[recycled.Length * 99 / 100]:0.000} ms, max {recycled[^1]:0.000} ms");
        }

        var fold = Stopwatch.GetTimestamp();
        _timeline.FoldFromStart(_timeline.Duration * 0.95);
        Console.WriteLine($"// fold from start to 95%: {Stopwatch.GetElapsedTime(fold).TotalMilliseconds:0.0} ms");
        ArchiveShare(events).GetAwaiter().GetResult();
    }

    /// <summary>Seeks to one moment through the nearest keyframe.</summary>
    [Benchmark(Baseline = true)]
    public long Seek_Keyframes() => _timeline.StateAt(_timeline.Duration * At).EventCount;

    /// <summary>Folds from the start to the same moment (what seeking without keyframes costs).</summary>
    [Benchmark]
    public long Seek_FoldFromStart() => _timeline.FoldFromStart(_timeline.Duration * At).EventCount;

    /// <summary>Seeks to 64 random moments, each into a new state.</summary>
    [Benchmark(OperationsPerInvoke = SeeksPerInvoke)]
    public long Seek_Random()
    {
        long total = 0;
        foreach (var at in _random)
        {
            total += _timeline.StateAt(at).EventCount;
        }

        return total;
    }

    /// <summary>Seeks to 64 random moments as a player does, reusing its state's buffers.</summary>
    [Benchmark(OperationsPerInvoke = SeeksPerInvoke)]
    public long Seek_Random_Player()
    {
        long total = 0;
        SessionState? state = null;
        foreach (var at in _random)
        {
            state = _timeline.StateAt(at, state);
            total += state.EventCount;
        }

        return total;
    }

    // ILMREC_SEEK_POLICY=maxEvents,intervalSeconds,maxWork explores other placements; the default is KeyframePolicy.Default.
    private static KeyframePolicy Policy()
    {
        if (Environment.GetEnvironmentVariable("ILMREC_SEEK_POLICY") is not { Length: > 0 } text)
        {
            return KeyframePolicy.Default;
        }

        var parts = text.Split(',').Select(p => long.Parse(p, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return new KeyframePolicy { MaxEvents = (int)parts[0], Interval = TimeSpan.FromSeconds(parts[1]), MaxWork = parts[2] };
    }

    // Keyframes' share: the same session written twice in each codec, without and with keyframe blocks in its events file.
    private static async Task ArchiveShare(List<RecordedEvent> events)
    {
        foreach (var codec in new IEventCodec[] { EventCodecs.Default.Get("jsonl-gz"), ProtobufBrotliCodec.Instance })
        {
            var without = await EventsFileLength(events, codec, keyframes: null);
            var with = await EventsFileLength(events, codec, () => SessionKeyframes.CreateBuilder(Policy()));
            Console.WriteLine($"// {codec.Name}: events file {without:N0} bytes without keyframes, {with:N0} bytes with them: keyframes add {100.0 * (with - without) / without:0.0}%");
        }
    }

    private static async Task<long> EventsFileLength(List<RecordedEvent> events, IEventCodec codec, Func<IKeyframeBuilder>? keyframes)
    {
        var path = Path.Combine(Path.GetTempPath(), "ilmrec-seek-bench-" + Environment.ProcessId);
        if (Directory.Exists(path))
        {
            Directory.Delete(path, true);
        }

        var sink = SessionDirectory.Create(path, new SessionDirectoryOptions { Codec = codec, Keyframes = keyframes });
        await using (sink)
        {
            foreach (var block in events.Chunk(4096))
            {
                await sink.WriteAsync(block);
            }

            await sink.CompleteAsync();
        }

        var length = new FileInfo(SessionDirectory.Open(path, SessionConverter.AllCodecs).EventsPath).Length;
        Directory.Delete(path, true);
        return length;
    }
}
