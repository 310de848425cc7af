using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace InterviewLM.Recording;

/// <summary>The recorder's instruments on one meter, shared by every recorder using it; the observable ones sum the live recorders.</summary>
internal sealed class RecorderInstruments
{
    private static readonly ConditionalWeakTable<Meter, RecorderInstruments> s_perMeter = new();
    private readonly Lock _gate = new();
    private readonly HashSet<SessionRecorder> _live = [];

    private RecorderInstruments(Meter meter)
    {
        Events = meter.CreateCounter<long>(RecordingMetrics.Events, "{event}", "Events the recorder handed to its pipeline.");
        Waits = meter.CreateCounter<long>(RecordingMetrics.RecorderWaits, "{wait}", "Producers that found the recorder's queue full and waited.");
        Failures = meter.CreateCounter<long>(RecordingMetrics.RecorderFailures, "{failure}", "Recorder failures: the writer's, or events refused because the queue was full.");
        CaptureFailures = meter.CreateCounter<long>(RecordingMetrics.CaptureFailures, "{failure}", "Captured items a capture could not record.");
        meter.CreateObservableUpDownCounter(RecordingMetrics.QueueDepth, ObserveQueueDepth, "{event}", "Events recorded and not yet written, over every live recorder.");
        meter.CreateObservableUpDownCounter(RecordingMetrics.ActiveSessions, ObserveActive, "{session}", "Sessions being recorded.");
    }

    public Counter<long> Events { get; }

    public Counter<long> Waits { get; }

    public Counter<long> Failures { get; }

    public Counter<long> CaptureFailures { get; }

    public static RecorderInstruments For(IMeterFactory factory)
    {
        var meter = factory.Create(new MeterOptions(RecordingMetrics.MeterName));
        return s_perMeter.GetValue(meter, static m => new RecorderInstruments(m));
    }

    public void Add(SessionRecorder recorder)
    {
        lock (_gate)
        {
            _live.Add(recorder);
        }
    }

    public void Remove(SessionRecorder recorder)
    {
        lock (_gate)
        {
            _live.Remove(recorder);
        }
    }

    private long ObserveQueueDepth()
    {
        long depth = 0;
        lock (_gate)
        {
            foreach (var recorder in _live)
            {
                depth += recorder.PendingCount;
            }
        }

        return depth;
    }

    private long ObserveActive()
    {
        lock (_gate)
        {
            return _live.Count;
        }
    }
}
