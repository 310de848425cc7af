using System.Diagnostics;
using System.Globalization;

namespace InterviewLM.Recording.Benchmarks.Claude;

/// <summary>
/// Measures what a row of <see cref="ClaudeCaptureHandlerBenchmarks"/>' 1 MB SDK stream adds to the no-handler row (or another) with
/// the two run side by side: one process per row, driven in turn A B B A, the ratio taken per round.
/// </summary>
/// <remarks>
/// <para>
/// BenchmarkDotNet runs rows one after another, so on a host whose speed drifts by more than the effect (this project's
/// shared VMs: the no-handler row alone moved 15 % between runs) the order of the rows decides a 5 % comparison. Here every
/// round times both rows within a few tens of milliseconds, and the median of the per-round ratios cancels the drift. Each
/// row has its own process, so one row's garbage and collections never land on the other's calls.
/// </para>
/// <para>
/// Run: <c>dotnet run -c Release --project benchmarks/InterviewLM.Recording.Benchmarks -- interleaved [rounds] [row] [baseline]</c>,
/// rows: <c>capture</c> (default), <c>capture-inline</c> (every byte parsed on the client's thread, as the capture did before long streams were parsed after their end),
/// <c>passthrough</c>, <c>string</c>; a third argument replaces the baseline row (<c>none</c>, no handler) with another row.
/// </para>
/// </remarks>
internal static class InterleavedOverhead
{
    private const string Baseline = "none";
    private const int CallsPerTurn = 2;
    private const int WarmupCalls = 60;

    /// <summary>Drives the two worker processes and prints the per-round ratios' quartiles.</summary>
    public static int Run(string[] args)
    {
        var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
        var row = args.Length > 1 ? args[1] : "capture";
        var baselineRow = args.Length > 2 ? args[2] : Baseline;
        using var baseline = Worker.Start(baselineRow);
        using var candidate = Worker.Start(row);
        var ratios = new List<double>(rounds);
        var cpuRatios = new List<double>(rounds);
        var baselineTimes = new List<double>(rounds);
        var candidateTimes = new List<double>(rounds);
        for (var round = 0; round < rounds; round++)
        {
            var a1 = baseline.Time(CallsPerTurn);
            var b1 = candidate.Time(CallsPerTurn);
            var b2 = candidate.Time(CallsPerTurn);
            var a2 = baseline.Time(CallsPerTurn);
            ratios.Add((b1.Wall + b2.Wall) / (a1.Wall + a2.Wall));
            cpuRatios.Add((b1.Cpu + b2.Cpu) / (a1.Cpu + a2.Cpu));
            baselineTimes.Add((a1.Wall + a2.Wall) / 2);
            candidateTimes.Add((b1.Wall + b2.Wall) / 2);
        }

        Console.WriteLine(FormattableString.Invariant($"{rounds} rounds of A B B A, {CallsPerTurn} calls a turn, 1 MB SSE through the SDK"));
        Console.WriteLine(FormattableString.Invariant($"{baselineRow}: median {Quantile(baselineTimes, 0.5):F3} ms a call, min {baselineTimes.Min():F3} ms"));
        Console.WriteLine(FormattableString.Invariant($"{row}: median {Quantile(candidateTimes, 0.5):F3} ms a call, min {candidateTimes.Min():F3} ms"));
        Console.WriteLine(FormattableString.Invariant($"{row} / {baselineRow}, per round: p25 {Quantile(ratios, 0.25):F4}, median {Quantile(ratios, 0.5):F4}, p75 {Quantile(ratios, 0.75):F4}"));
        Console.WriteLine(FormattableString.Invariant($"{row} / {baselineRow}, process CPU (every thread, collections included), per round: p25 {Quantile(cpuRatios, 0.25):F4}, median {Quantile(cpuRatios, 0.5):F4}, p75 {Quantile(cpuRatios, 0.75):F4}"));
        return 0;
    }

    /// <summary>Serves one row: sets the benchmark up, warms it, then times the calls the driver asks for.</summary>
    public static int Serve(string row)
    {
        var benchmarks = new ClaudeCaptureHandlerBenchmarks { StreamBytes = 1 << 20 };
        benchmarks.Setup();
        Func<Task<int>> call = row switch
        {
            Baseline => benchmarks.Sse1MB_Sdk_NoHandler,
            "capture" => benchmarks.Sse1MB_Sdk_WithCapture,
            "capture-inline" => benchmarks.Sse1MB_Sdk_WithCaptureParsedInline,
            "passthrough" => benchmarks.Sse1MB_Sdk_PassThroughHandler,
            "string" => benchmarks.Sse1MB_Sdk_NoHandlerPlusLohString,
            _ => throw new ArgumentException($"Unknown row '{row}': capture, capture-inline, passthrough or string.", nameof(row)),
        };

        for (var i = 0; i < WarmupCalls; i++)
        {
            call().GetAwaiter().GetResult();
        }

        Console.WriteLine("ready");
        while (Console.ReadLine() is { } line)
        {
            var calls = int.Parse(line, CultureInfo.InvariantCulture);
            var cpu = Environment.CpuUsage.TotalTime;
            var stopwatch = Stopwatch.StartNew();
            for (var i = 0; i < calls; i++)
            {
                call().GetAwaiter().GetResult();
            }

            var wall = stopwatch.Elapsed.TotalMilliseconds;
            Console.WriteLine(FormattableString.Invariant($"{wall:R} {(Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds:R}"));
        }

        benchmarks.Cleanup();
        return 0;
    }

    private static double Quantile(List<double> values, double q)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Round(q * (sorted.Count - 1))];
    }

    private sealed class Worker : IDisposable
    {
        private readonly Process _process;

        private Worker(Process process) => _process = process;

        public static Worker Start(string row)
        {
            // The benchmark assembly again, under the same host (dotnet, or the apphost itself).
            var info = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
            if (Path.GetFileName(Environment.ProcessPath) is "dotnet" or "dotnet.exe")
            {
                info.ArgumentList.Add(typeof(InterleavedOverhead).Assembly.Location);
            }

            info.ArgumentList.Add("interleaved-worker");
            info.ArgumentList.Add(row);
            var process = Process.Start(info) ?? throw new InvalidOperationException("The worker process did not start.");
            var worker = new Worker(process);
            if (process.StandardOutput.ReadLine() is var first && first != "ready")
            {
                worker.Dispose();
                throw new InvalidOperationException($"The worker for '{row}' did not get ready (it wrote '{first}').");
            }

            return worker;
        }

        /// <summary>Has the worker make <paramref name="calls"/> calls; returns the wall and process CPU milliseconds a call.</summary>
        public (double Wall, double Cpu) Time(int calls)
        {
            _process.StandardInput.WriteLine(calls.ToString(CultureInfo.InvariantCulture));
            var line = _process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("The worker process ended.");
            var parts = line.Split(' ');
            return (double.Parse(parts[0], CultureInfo.InvariantCulture) / calls, double.Parse(parts[1], CultureInfo.InvariantCulture) / calls);
        }

        public void Dispose()
        {
            _process.StandardInput.Close();
            _process.WaitForExit();
            _process.Dispose();
        }
    }
}
