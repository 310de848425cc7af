// Run: dotnet run -c Release --project benchmarks/InterviewLM.Recording.Benchmarks -- --filter '*VirtualTerminal*'
using System.Diagnostics;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using InterviewLM.Recording.Terminal;

namespace InterviewLM.Recording.Benchmarks.Terminal;

/// <summary>
/// Virtual terminal throughput on the corpus casts, next to @xterm/headless on the same machine in the same run
/// (targets: at least 5x @xterm/headless; 300 MB/s on the mostly printable server-big-base64.v3.cast).
/// </summary>
[MemoryDiagnoser]
public class VirtualTerminalThroughputBenchmarks
{
    private static string SharedPath => Path.GetFullPath(Path.Combine(BenchmarkPaths.Corpus, ".."));

    private string[] _output = [];
    private byte[][] _utf8 = [];
    private int _columns;
    private int _rows;

    /// <summary>Gets or sets the cast in ../shared/corpus/asciicasts.</summary>
    [Params("agg-demo.v3.cast", "server-big-base64.v3.cast")]
    public string Cast { get; set; } = "";

    /// <summary>Gets the output size in bytes (MB/s = Bytes / mean time).</summary>
    public long Bytes { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        var path = Path.Combine(SharedPath, "corpus", "asciicasts", Cast);
        var lines = File.ReadAllText(path).Split('\n').Where(l => l.Trim().Length > 0 && !l.StartsWith('#')).ToList();
        using (var header = JsonDocument.Parse(lines[0]))
        {
            var term = header.RootElement.GetProperty("term");
            _columns = term.GetProperty("cols").GetInt32();
            _rows = term.GetProperty("rows").GetInt32();
        }

        _output = lines.Skip(1).Select(l =>
        {
            using var e = JsonDocument.Parse(l);
            return e.RootElement[1].GetString() == "o" ? e.RootElement[2].GetString()! : null;
        }).Where(o => o is not null).ToArray()!;
        _utf8 = _output.Select(System.Text.Encoding.UTF8.GetBytes).ToArray();
        Bytes = _utf8.Sum(b => (long)b.Length);
        Console.WriteLine($"// {Cast}: {Bytes:N0} bytes of output");
        Console.WriteLine($"// @xterm/headless, same machine: {RunXtermHeadless(path)}");
    }

    [Benchmark(Baseline = true)]
    public int WriteStrings()
    {
        var terminal = new VirtualTerminal(_columns, _rows);
        foreach (var chunk in _output)
        {
            terminal.Write(chunk);
        }

        return terminal.CursorX;
    }

    [Benchmark]
    public int WriteUtf8()
    {
        var terminal = new VirtualTerminal(_columns, _rows);
        foreach (var chunk in _utf8)
        {
            terminal.Write(chunk.AsSpan());
        }

        return terminal.CursorX;
    }

    private static string RunXtermHeadless(string castPath)
    {
        var psi = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.Combine(SharedPath, "peers") };
        psi.ArgumentList.Add("vt.mjs");
        psi.ArgumentList.Add("bench");
        psi.ArgumentList.Add(castPath);
        psi.ArgumentList.Add("5");
        using var node = Process.Start(psi)!;
        var output = node.StandardOutput.ReadToEnd().Trim();
        node.WaitForExit();
        return node.ExitCode == 0 ? output : "unavailable (run `npm ci` in ../shared/peers): " + node.StandardError.ReadToEnd();
    }
}

/// <summary>Restoring a screen snapshot (targets: 50 µs for 80x24, 1 ms for 300x100), and taking one.</summary>
[MemoryDiagnoser]
public class VirtualTerminalSnapshotBenchmarks
{
    private VirtualTerminal _source = null!;
    private VirtualTerminal _target = null!;
    private ScreenSnapshot _snapshot = null!;

    /// <summary>Gets or sets the screen size, "COLSxROWS".</summary>
    [Params("80x24", "300x100")]
    public string Size { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var parts = Size.Split('x');
        var (cols, rows) = (int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
        _source = new VirtualTerminal(cols, rows);
        var random = new Random(42);
        for (var i = 0; i < rows * 2; i++)
        {
            // A busy screen: coloured runs of text on every line.
            _source.Write($"\u001b[{random.Next(30, 38)};{random.Next(40, 48)}m{new string((char)random.Next(33, 126), random.Next(1, cols))}\u001b[0m {new string('x', random.Next(0, cols / 2))}\r\n");
        }

        _snapshot = _source.Snapshot();
        _target = new VirtualTerminal(cols, rows);
        Console.WriteLine($"// {Size}: snapshot {_snapshot.Length:N0} bytes");
    }

    [Benchmark]
    public int Restore()
    {
        _target.Restore(_snapshot);
        return _target.CursorY;
    }

    [Benchmark]
    public int Snapshot() => _source.Snapshot().Length;
}
