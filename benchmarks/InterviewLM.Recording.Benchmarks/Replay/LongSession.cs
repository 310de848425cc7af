using InterviewLM.Recording.Diff;
using InterviewLM.Recording.Replay;
using InterviewLM.Recording.Storage;
using InterviewLM.Recording.Storage.Protobuf;
using InterviewLM.Recording.Terminal;

namespace InterviewLM.Recording.Benchmarks.Replay;

/// <summary>A long session for the seek benchmarks: the automerge-paper trace plus a terminal channel from the corpus casts, stretched over at least an hour.</summary>
/// <remarks>
/// <see cref="Recorded"/> is what recording that editing live produces: the edits go through <see cref="CodeTracker"/> on
/// the stretched timeline, so its snapshot policy (a line diff 5 s after edits, full content every 30 s) runs as in a real
/// interview. <see cref="Imported"/> is <c>import-trace --snapshots</c> stretched afterwards: the trace has no times of its
/// own, so it holds only the first and last full snapshots.
/// </remarks>
internal static class LongSession
{
    /// <summary>The kinds of long session.</summary>
    public const string Recorded = "recorded", Imported = "imported";

    private static readonly string[] Casts = ["asciinema-cli-full.v2.cast", "termtosvg-htop.v2.cast", "termtosvg-unittest.v2.cast", "termtosvg-ipython.v2.cast", "server-welcome.v2.cast"];

    private static readonly Dictionary<string, List<RecordedEvent>> s_sessions = [];
    private static readonly Dictionary<string, SessionTimeline> s_timelines = [];
    private static readonly Dictionary<string, (string Without, string With)> s_archives = [];

    /// <summary>Gets the one-hour session of a kind, made once per process.</summary>
    public static List<RecordedEvent> Get(string kind)
    {
        if (!s_sessions.TryGetValue(kind, out var events))
        {
            s_sessions[kind] = events = Create(TimeSpan.FromHours(1), kind);
        }

        return events;
    }

    /// <summary>Gets the session's timeline as <c>SessionKeyframes.LoadAsync</c> builds it (<see cref="KeyframePolicy.InMemory"/>), every keyframe decoded once (the cache a player keeps).</summary>
    public static SessionTimeline Timeline(string kind)
    {
        if (!s_timelines.TryGetValue(kind, out var timeline))
        {
            s_timelines[kind] = timeline = SessionTimeline.Build(Get(kind), Policy("ILMREC_SEEK_MEMORY_POLICY", KeyframePolicy.InMemory));
            foreach (var keyframe in timeline.Keyframes)
            {
                timeline.StateAt(keyframe.Time);
            }
        }

        return timeline;
    }

    /// <summary>Gets the session stored as `ilmrec convert --codec protobuf-brotli` writes it, without and with keyframes (directories under the temporary folder, made once per process).</summary>
    public static (string Without, string With) Archives(string kind)
    {
        if (s_archives.TryGetValue(kind, out var paths))
        {
            return paths;
        }

        var root = Path.Combine(Path.GetTempPath(), $"ilmrec-long-{kind}-{Environment.ProcessId}");
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        var source = Path.Combine(root, "live");
        var sink = new SessionPipelineBuilder().BuildAsync(DirectorySessionObjects.Create(source), new SessionStorageOptions { Codec = EventCodecs.Default.Get("jsonl-gz") }).AsTask().GetAwaiter().GetResult();
        foreach (var block in Get(kind).Chunk(4096))
        {
            sink.WriteAsync(block).AsTask().GetAwaiter().GetResult();
        }

        sink.CompleteAsync().AsTask().GetAwaiter().GetResult();
        sink.DisposeAsync().AsTask().GetAwaiter().GetResult();
        var live = Open(source);
        paths = (Path.Combine(root, "archive"), Path.Combine(root, "archive-keyframed"));
        foreach (var (target, keyframes) in new[] { (paths.Without, false), (paths.With, true) })
        {
            // The settings of `ilmrec convert --codec protobuf-brotli` (ConvertCommand.ArchiveQuality, ArchiveBlockEvents).
            var options = new SessionConversionOptions
            {
                MaxBlockEvents = 65_536,
                Pipeline = keyframes ? new SessionPipelineBuilder().UseKeyframes(Policy("ILMREC_SEEK_POLICY", KeyframePolicy.Default)) : null,
            };
            SessionConverter.ConvertAsync(live, DirectorySessionObjects.Create(target), new ProtobufBrotliCodec(11, ProtobufBrotliCodec.Instance.Window), options).GetAwaiter().GetResult();
        }

        s_archives[kind] = paths;
        return paths;
    }

    /// <summary>Opens a stored session directory for reading (every codec known).</summary>
    public static StoredSession Open(string directory) =>
        StoredSession.OpenAsync(DirectorySessionObjects.Open(directory), SessionConverter.AllCodecs).AsTask().GetAwaiter().GetResult();

    /// <summary>Gets a keyframe policy: the given one, or the variable's maxEvents,intervalSeconds,maxWork to explore others (ILMREC_SEEK_POLICY for the stored keyframes, ILMREC_SEEK_MEMORY_POLICY for the timeline's).</summary>
    public static KeyframePolicy Policy(string variable, KeyframePolicy otherwise)
    {
        if (Environment.GetEnvironmentVariable(variable) is not { Length: > 0 } text)
        {
            return otherwise;
        }

        var parts = text.Split(',').Select(p => long.Parse(p, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return new KeyframePolicy { MaxEvents = (int)parts[0], Interval = TimeSpan.FromSeconds(parts[1]), MaxWork = parts[2] };
    }

    public static List<RecordedEvent> Create(TimeSpan minimum, string kind = Recorded)
    {
        var trace = EditingTrace.Load(Path.Combine(BenchmarkPaths.Corpus, "editing-traces", "sequential_traces", "automerge-paper.json.gz"));
        var code = EditingTraceImporter.CreateEvents(trace, new EditingTraceImportOptions { Snapshots = kind == Imported }).ToList();
        var codeEnd = code[^1].Time;

        // Stretch the edits so the session lasts at least `minimum`.
        var stretch = codeEnd < minimum ? minimum / codeEnd : 1.0;
        var timed = code.Select(e => new TimedEvent(TimeSpan.FromTicks((long)(e.Time.Ticks * stretch)), e.Event)).ToList();
        if (kind == Recorded)
        {
            timed = Track(timed);
        }

        var end = timed[^1].Time;

        // The terminal: the casts one after the other, over and over, until the session's end.
        var terminal = new List<TimedEvent> { new(TimeSpan.Zero, new TerminalStarted(80, 24, "bash", "xterm-256color")) };
        var offset = TimeSpan.FromSeconds(1);
        while (offset < end)
        {
            foreach (var cast in Casts)
            {
                using var reader = AsciicastReader.Open(Path.Combine(BenchmarkPaths.Corpus, "asciicasts", cast));
                var last = TimeSpan.Zero;
                foreach (var e in reader.ReadEvents().Where(e => e.Code == "o"))
                {
                    last = e.Time;
                    terminal.Add(new TimedEvent(offset + e.Time, new TerminalOutput(e.Data)));
                }

                offset += last + TimeSpan.FromSeconds(5);
            }
        }

        var merged = timed.Concat(terminal).OrderBy(e => e.Time).ToList();
        var events = new List<RecordedEvent>(merged.Count + 2) { new(0, TimeSpan.Zero, new SessionStarted("bench", DateTimeOffset.UnixEpoch)) };
        foreach (var e in merged)
        {
            events.Add(new RecordedEvent(events.Count, TimeSpan.FromTicks(e.Time.Ticks / 10 * 10), e.Event));
        }

        events.Add(new RecordedEvent(events.Count, events[^1].Time, new SessionEnded("completed")));
        return events;
    }

    // Replays file creation and edits through a CodeTracker on a manual clock: its timers take the snapshots.
    private static List<TimedEvent> Track(List<TimedEvent> edits)
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var tracked = new List<TimedEvent>(edits.Count + (edits.Count / 16));
        using var tracker = new CodeTracker(e => tracked.Add(new TimedEvent(clock.Elapsed, e)), new CodeTrackerOptions { TimeProvider = clock });
        foreach (var (time, value) in edits)
        {
            clock.MoveTo(time);
            switch (value)
            {
                case FileCreated e:
                    tracker.CreateFile(e.FileId, e.Path, e.Language, e.InitialContent);
                    break;
                case TextEdited e:
                    tracker.Edit(e.FileId, e.Changes.Items);
                    break;
                default:
                    throw new InvalidOperationException($"Unexpected {value.Type} in an editing trace.");
            }
        }

        tracker.Complete();
        return tracked;
    }
}
