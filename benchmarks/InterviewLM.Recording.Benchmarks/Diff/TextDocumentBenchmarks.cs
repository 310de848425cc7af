using BenchmarkDotNet.Attributes;
using InterviewLM.Recording.Diff;

namespace InterviewLM.Recording.Benchmarks.Diff;

/// <summary>Issue 4's bars: the automerge-paper trace (259,778 edits) at ≥ 100 M edits/s; diff + snapshot of a 5,000-line file with 20 changed lines in ≤ 2 ms.</summary>
/// <remarks>Peers for the same run: <c>cd ../shared/peers &amp;&amp; node traces.mjs ../corpus/editing-traces/sequential_traces/automerge-paper.json.gz string,jumprope</c>.</remarks>
[MemoryDiagnoser]
public class TextDocumentBenchmarks
{
    private int[] _offsets = [];
    private int[] _lengths = [];
    private string[] _texts = [];
    private TextChange[] _changes = [];
    private string _endContent = string.Empty;
    private TextDocument _document = new();
    private string _oldFile = string.Empty;
    private string _newFile = string.Empty;

    /// <summary>Gets the number of edits in the trace (for edits/s = EditCount / mean).</summary>
    public int EditCount => _offsets.Length;

    [GlobalSetup]
    public void Setup()
    {
        var trace = EditingTrace.Load(Path.Combine(BenchmarkPaths.Corpus, "editing-traces", "sequential_traces", "automerge-paper.json.gz"));
        _changes = EditingTraceImporter.CreateEvents(trace, new EditingTraceImportOptions { Snapshots = false })
            .Select(e => e.Event).OfType<TextEdited>().Select(e => e.Changes[0]).ToArray();
        _offsets = _changes.Select(c => c.RangeOffset).ToArray();
        _lengths = _changes.Select(c => c.RangeLength).ToArray();
        _texts = _changes.Select(c => c.Text).ToArray();
        _endContent = trace.EndContent;
        _document = new TextDocument(new string(' ', trace.EndContent.Length));

        var lines = Enumerable.Range(0, 5000).Select(i => $"    var value{i} = Compute({i}, options); // line {i}\n").ToArray();
        _oldFile = string.Concat(lines);
        var random = new Random(42);
        foreach (var index in Enumerable.Range(0, 5000).OrderBy(_ => random.Next()).Take(20))
        {
            lines[index] = $"    var changed{index} = Other({index});\n";
        }

        _newFile = string.Concat(lines);
    }

    /// <summary>Replays the whole trace with offset edits (the replay hot path).</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = 259_778)]
    public int AutomergePaper_Replace()
    {
        var document = _document;
        document.SetText(string.Empty);
        var offsets = _offsets;
        var lengths = _lengths;
        var texts = _texts;
        for (var i = 0; i < offsets.Length; i++)
        {
            document.Replace(offsets[i], lengths[i], texts[i]);
        }

        return document.Length;
    }

    /// <summary>Replays the whole trace through <see cref="TextDocument.Apply(TextChange)"/>, as a fold over recorded <see cref="TextEdited"/> events does.</summary>
    [Benchmark(OperationsPerInvoke = 259_778)]
    public int AutomergePaper_ApplyTextChange()
    {
        var document = _document;
        document.SetText(string.Empty);
        foreach (var change in _changes)
        {
            document.Apply(change);
        }

        return document.Length;
    }

    /// <summary>One snapshot of a 5,000-line file with 20 changed lines: line diff against the previous snapshot plus the SHA-256 content hash.</summary>
    [Benchmark]
    public CodeSnapshot DiffAndSnapshot_5000Lines_20Changed()
        => new("f", ContentHasher.Hash(_newFile), LineDiff.Create(_oldFile, _newFile));

    [GlobalCleanup]
    public void Check()
    {
        AutomergePaper_Replace();
        if (!_document.ContentEquals(_endContent))
        {
            throw new InvalidOperationException("The replayed trace does not equal its endContent.");
        }
    }
}
