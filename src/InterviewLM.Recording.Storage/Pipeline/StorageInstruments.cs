using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace InterviewLM.Recording.Storage;

/// <summary>The storage sink's instruments on one meter, shared by every sink using it.</summary>
internal sealed class StorageInstruments
{
    private static readonly ConditionalWeakTable<Meter, StorageInstruments> s_perMeter = new();

    // Flush latencies from 100 µs to 10 s.
    private static readonly double[] s_flushBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private StorageInstruments(Meter meter)
    {
        Blocks = meter.CreateCounter<long>(RecordingMetrics.Blocks, "{block}", "Blocks written to the events object.");
        Bytes = meter.CreateCounter<long>(RecordingMetrics.Bytes, "By", "Bytes written to the events object.");
        FlushDuration = meter.CreateHistogram<double>(
            RecordingMetrics.FlushDuration,
            "s",
            "Time to encode, append and flush one block.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = s_flushBuckets });
    }

    public Counter<long> Blocks { get; }

    public Counter<long> Bytes { get; }

    public Histogram<double> FlushDuration { get; }

    public static StorageInstruments For(IMeterFactory factory)
    {
        var meter = factory.Create(new MeterOptions(RecordingMetrics.MeterName));
        return s_perMeter.GetValue(meter, static m => new StorageInstruments(m));
    }

    public void BlockWritten(string kind, string codec, long bytes, TimeSpan elapsed)
    {
        var kindTag = new KeyValuePair<string, object?>(RecordingMetrics.BlockKindTag, kind);
        var codecTag = new KeyValuePair<string, object?>(RecordingMetrics.CodecTag, codec);
        Blocks.Add(1, kindTag, codecTag);
        Bytes.Add(bytes, kindTag, codecTag);
        FlushDuration.Record(elapsed.TotalSeconds, kindTag, codecTag);
    }
}
