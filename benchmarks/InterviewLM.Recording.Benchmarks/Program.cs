using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Running;

namespace InterviewLM.Recording.Benchmarks;

/// <summary>Runs the benchmarks: <c>dotnet run -c Release --project benchmarks/InterviewLM.Recording.Benchmarks -- --filter '*'</c>.</summary>
public static class Program
{
    /// <summary>Runs the benchmarks selected on the command line.</summary>
    /// <param name="args">BenchmarkDotNet's arguments, or <c>interleaved [rounds] [row] [baseline]</c>.</param>
    /// <returns>Non-zero when a benchmark failed.</returns>
    public static int Main(string[] args)
    {
        // The side-by-side measurement of the Claude capture (not BenchmarkDotNet's runner; see InterleavedOverhead).
        switch (args)
        {
            case ["interleaved", .. var rest]:
                return Claude.InterleavedOverhead.Run(rest);
            case ["interleaved-worker", var row]:
                return Claude.InterleavedOverhead.Serve(row);
            case ["completion", .. var rounds]:
                return Storage.CompletionProbe.Run(rounds);
        }

        var config = DefaultConfig.Instance.AddDiagnoser(MemoryDiagnoser.Default);
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
