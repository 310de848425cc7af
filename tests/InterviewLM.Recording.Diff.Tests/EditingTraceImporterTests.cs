using System.Text;
using InterviewLM.Recording.TestUtils;

namespace InterviewLM.Recording.Diff.Tests;

public sealed class EditingTraceImporterTests
{
    public static TheoryData<string> Traces()
    {
        var data = new TheoryData<string>();
        foreach (var path in Corpus.AllSequentialTraces())
        {
            data.Add(Path.GetRelativePath(Corpus.SequentialTraces, path));
        }

        return data;
    }

    [Fact]
    public void Corpus_HasAllSixteenSequentialTraces() => Assert.Equal(16, Corpus.AllSequentialTraces().Count());

    [Theory]
    [MemberData(nameof(Traces))]
    public void CreateEvents_CorpusTrace_EndAndIntermediateStatesMatchTrace(string relativePath)
    {
        var trace = EditingTrace.Load(Path.Combine(Corpus.SequentialTraces, relativePath));
        var events = EditingTraceImporter.CreateEvents(trace, new EditingTraceImportOptions { Snapshots = true }).ToList();
        var created = Assert.IsType<FileCreated>(events[0].Event);
        Assert.Equal(trace.Name + ".txt", created.Path);
        Assert.Equal(trace.PatchCount, events.Count(e => e.Event is TextEdited));
        Assert.Equal(trace.EndContent, Assert.IsType<CodeSnapshot>(events[^1].Event).FullContent);

        // Independent oracle: a char array spliced patch by patch, times computed again from the transactions.
        var oracle = new SpliceOracle(trace.StartContent);
        var oracleTimes = EditingTraceOracle.TransactionTimes(trace);
        var distinctTimes = events.Select(e => e.Time).Distinct().ToList();
        var checkpoints = Enumerable.Range(0, 25).Select(i => distinctTimes[i * (distinctTimes.Count - 1) / 24]).ToHashSet();
        var workspace = new CodeWorkspace();
        var nextTransaction = 0;
        var compared = 0;
        for (var i = 0; i < events.Count; i++)
        {
            workspace.Apply(events[i].Event);
            var time = events[i].Time;
            if (checkpoints.Contains(time) && (i + 1 == events.Count || events[i + 1].Time > time))
            {
                while (nextTransaction < trace.Transactions.Count && oracleTimes[nextTransaction] <= time)
                {
                    foreach (var patch in trace.Transactions[nextTransaction++].Patches)
                    {
                        oracle.Apply(patch);
                    }
                }

                Assert.True(workspace.TryGetFile(trace.Name, out var file));
                Assert.Equal(oracle.ToString(), file.GetContent());
                compared++;
            }
        }

        Assert.Equal(checkpoints.Count, compared);
        Assert.Empty(workspace.Problems);
        Assert.True(workspace.TryGetFile(trace.Name, out var final));
        Assert.Equal(trace.EndContent, final.GetContent());
    }

    [Fact]
    public void CreateEvents_TimesGoingBackwardsAndIdle_KeepPreviousAndShortenGaps()
    {
        var trace = Parse("""
            {"startContent":"","endContent":"abcd","txns":[
              {"time":"2024-01-01T00:00:10Z","patches":[[0,0,"a"]]},
              {"time":"2024-01-01T00:00:12.5Z","patches":[[1,0,"b"]]},
              {"time":"2024-01-01T00:00:11Z","patches":[[2,0,"c"]]},
              {"time":"2024-01-01T00:10:00Z","patches":[[3,0,"d"]]}]}
            """);
        var times = EditingTraceImporter.CreateEvents(trace, new EditingTraceImportOptions { Snapshots = false }).Select(e => e.Time.TotalSeconds).ToArray();
        Assert.Equal([0, 0, 2.5, 2.5, 590], times);
        var limited = EditingTraceImporter.CreateEvents(trace, new EditingTraceImportOptions { IdleLimit = TimeSpan.FromSeconds(2), Snapshots = false }).Select(e => e.Time.TotalSeconds).ToArray();
        Assert.Equal([0, 0, 2, 2, 4], limited);

        // With snapshots: one at the start, one before the edit that comes 5 s after the first unsnapshotted edit, one at the end.
        var withSnapshots = EditingTraceImporter.CreateEvents(trace, new EditingTraceImportOptions { Snapshots = true }).Select(e => $"{e.Event.Type}@{e.Time.TotalSeconds}").ToArray();
        Assert.Equal(["file_created@0", "code_snapshot@0", "text_edit@0", "text_edit@2.5", "text_edit@2.5", "code_snapshot@590", "text_edit@590", "code_snapshot@590"], withSnapshots);
    }

    [Fact]
    public void CreateEvents_AstralCodePoints_ConvertsToUtf16()
    {
        // Positions count code points: after "😀x", position 1 is before "x" (UTF-16 offset 2).
        var trace = Parse("""{"startContent":"","endContent":"😀yé😁","txns":[{"patches":[[0,0,"😀x"]]},{"patches":[[1,1,"yé"]]},{"patches":[[3,0,"😁"]]}]}""");
        var events = EditingTraceImporter.CreateEvents(trace, new EditingTraceImportOptions { Snapshots = false }).ToList();
        Assert.Equal(new TextChange(2, 1, "yé"), ((TextEdited)events[2].Event).Changes[0]);
        var document = new TextDocument();
        foreach (var timed in events.Skip(1))
        {
            document.Apply(((TextEdited)timed.Event).Changes.Items);
        }

        Assert.Equal(trace.EndContent, document.GetText());
    }

    [Fact]
    public void CreateEvents_PatchOutsideDocument_ThrowsInvalidData()
    {
        var trace = Parse("""{"startContent":"","endContent":"","txns":[{"patches":[[0,0,"ab"]]},{"patches":[[1,5,""]]}]}""");
        var error = Assert.Throws<InvalidDataException>(() => EditingTraceImporter.CreateEvents(trace).ToList());
        Assert.Contains("Transaction 1", error.Message);
    }

    [Fact]
    public async Task ImportAsync_Trace_RecordsSessionAtTraceTimes()
    {
        var trace = EditingTrace.Load(Path.Combine(Corpus.SequentialTraces, "sveltecomponent.json.gz"));
        var sink = new MemorySink();
        var count = await EditingTraceImporter.ImportAsync(trace, sink, new EditingTraceImportOptions { SessionId = "sess_svelte", Snapshots = true });
        var events = sink.Events;
        Assert.Equal(count, events.Count);
        Assert.Equal(trace.PatchCount, events.Count(e => e.Event is TextEdited));
        Assert.Contains(events, e => e.Event is CodeSnapshot { FullContent: null });
        Assert.IsType<SessionStarted>(events[0].Event);
        Assert.Equal(TimeSpan.Zero, events[0].Time);
        Assert.IsType<SessionEnded>(events[^1].Event);
        Assert.Equal(events[^2].Time, events[^1].Time);
        var workspace = new CodeWorkspace();
        foreach (var recorded in events)
        {
            workspace.Apply(recorded);
        }

        Assert.Equal(trace.EndContent, Assert.Single(workspace.Files).GetContent());
    }

    private static EditingTrace Parse(string json) => EditingTrace.Parse(new MemoryStream(Encoding.UTF8.GetBytes(json)), "t");

    /// <summary>Array.splice on a char array, with code point positions decoded by Rune.</summary>
    private sealed class SpliceOracle(string start)
    {
        private char[] _chars = start.ToCharArray();
        private int _length = start.Length;
        private bool _astral = start.Any(char.IsSurrogate);

        public void Apply(EditingTracePatch patch)
        {
            var offset = ToUtf16(0, patch.Position);
            var end = ToUtf16(offset, patch.DeleteCount);
            var insert = patch.Text;
            _astral |= insert.Any(char.IsSurrogate);
            var newLength = _length - (end - offset) + insert.Length;
            if (newLength > _chars.Length)
            {
                Array.Resize(ref _chars, Math.Max(newLength, _chars.Length * 2));
            }

            Array.Copy(_chars, end, _chars, offset + insert.Length, _length - end);
            insert.CopyTo(_chars.AsSpan(offset));
            _length = newLength;
        }

        public override string ToString() => new(_chars, 0, _length);

        private int ToUtf16(int from, int codePoints)
        {
            if (!_astral)
            {
                return from + codePoints;
            }

            var offset = from;
            for (var i = 0; i < codePoints; i++)
            {
                System.Text.Rune.DecodeFromUtf16(_chars.AsSpan(offset, _length - offset), out _, out var consumed);
                offset += consumed;
            }

            return offset;
        }
    }
}
