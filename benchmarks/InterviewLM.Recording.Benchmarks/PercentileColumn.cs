using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace InterviewLM.Recording.Benchmarks;

/// <summary>A percentile of the time per operation over a benchmark's result iterations (BenchmarkDotNet's own columns stop at P95).</summary>
/// <param name="percentile">The percentile, 1–100.</param>
internal sealed class PercentileColumn(int percentile) : IColumn
{
    public string Id => "Percentile" + percentile.ToString(CultureInfo.InvariantCulture);

    public string ColumnName => "P" + percentile.ToString(CultureInfo.InvariantCulture);

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Statistics;

    public int PriorityInCategory => percentile;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Time;

    public string Legend => $"{percentile}th percentile of the time per operation over the result iterations";

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var report = summary[benchmarkCase];
        if (report is null)
        {
            return "NA";
        }

        var times = report.GetResultRuns().Select(m => m.Nanoseconds / m.Operations).Order().ToArray();
        if (times.Length == 0)
        {
            return "NA";
        }

        var rank = Math.Clamp((int)Math.Ceiling(percentile / 100.0 * times.Length) - 1, 0, times.Length - 1);
        return (times[rank] / 1000).ToString("N1", CultureInfo.InvariantCulture) + " μs";
    }
}
