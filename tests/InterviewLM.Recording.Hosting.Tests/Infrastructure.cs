using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using InterviewLM.Recording.Storage;
using Microsoft.Extensions.Logging;

namespace InterviewLM.Recording.Hosting.Tests;

/// <summary>Collects the measurements of the InterviewLM.Recording meter made by one meter factory (so tests running at once do not see each other's).</summary>
internal sealed class RecordingMeasurements : IDisposable
{
    private readonly MeterListener _listener = new();

    public RecordingMeasurements(IMeterFactory factory)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == RecordingMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    public ConcurrentQueue<(string Name, string? Unit, double Value, Dictionary<string, object?> Tags)> All { get; } = new();

    public double Sum(string name, string? tag = null, object? value = null) =>
        All.Where(m => m.Name == name && (tag is null || Equals(m.Tags.GetValueOrDefault(tag), value))).Sum(m => m.Value);

    public int Count(string name) => All.Count(m => m.Name == name);

    public string? Unit(string name) => All.FirstOrDefault(m => m.Name == name).Unit;

    public void Observe()
    {
        // Observable instruments report only when asked; drop earlier observations so Sum is the current value.
        var kept = All.Where(m => m.Name is not (RecordingMetrics.QueueDepth or RecordingMetrics.ActiveSessions)).ToList();
        All.Clear();
        foreach (var m in kept)
        {
            All.Enqueue(m);
        }

        _listener.RecordObservableInstruments();
    }

    public void Dispose() => _listener.Dispose();

    private void Add<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        where T : struct
    {
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        All.Enqueue((instrument.Name, instrument.Unit, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture), copy));
    }
}

/// <summary>Keeps every log message.</summary>
internal sealed class ListLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<(string Category, LogLevel Level, EventId Id, string Message, Exception? Exception)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(ListLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Entries.Enqueue((category, logLevel, eventId, formatter(state, exception), exception));
    }
}

/// <summary>A layer that holds every block until released, so a recorder's queue fills.</summary>
internal sealed class GateLayer(IEventSink inner, SemaphoreSlim gate) : DelegatingEventSink(inner)
{
    public override async ValueTask WriteAsync(ReadOnlyMemory<RecordedEvent> block, CancellationToken cancellationToken = default)
    {
        await gate.WaitAsync(cancellationToken);
        gate.Release();
        await base.WriteAsync(block, cancellationToken);
    }
}
