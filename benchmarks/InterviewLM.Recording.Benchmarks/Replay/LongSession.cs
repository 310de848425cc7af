using InterviewLM.Recording.Diff;
using InterviewLM.Recording.Terminal;

namespace InterviewLM.Recording.Benchmarks.Replay;

/// <summary>A long session for the seek benchmarks: the automerge-paper trace imported (with snapshots) plus a terminal channel from the corpus casts, stretched over at least an hour.</summary>
internal static class LongSession
{
    private static readonly string[] Casts = ["asciinema-cli-full.v2.cast", "termtosvg-htop.v2.cast", "termtosvg-unittest.v2.cast", "termtosvg-ipython.v2.cast", "server-welcome.v2.cast"];

    public static List<RecordedEvent> Create(TimeSpan minimum)
    {
        var trace = EditingTrace.Load(Path.Combine(BenchmarkPaths.Corpus, "editing-traces", "sequential_traces", "automerge-paper.json.gz"));
        var code = EditingTraceImporter.CreateEvents(trace, new EditingTraceImportOptions { Snapshots = true }).ToList();
        var codeEnd = code[^1].Time;

        // Stretch the edits so the session lasts at least `minimum`.
        var stretch = codeEnd < minimum ? minimum / codeEnd : 1.0;
        var timed = code.Select(e => new TimedEvent(TimeSpan.FromTicks((long)(e.Time.Ticks * stretch)), e.Event)).ToList();
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
}
