using InterviewLM.Recording.Storage.Gzip;

namespace InterviewLM.Recording.Storage;

/// <summary>Represents the settings of a session being stored: its codec and the facts <c>metadata.json</c> carries.</summary>
public sealed class SessionStorageOptions
{
    /// <summary>Gets or sets the codec of the events object.</summary>
    /// <value>The default is gzip JSONL, the seed's live format.</value>
    public IEventCodec Codec { get; set; } = GzipJsonlCodec.Instance;

    /// <summary>Gets or sets the assessment identifier for <c>metadata.json</c>.</summary>
    public string? AssessmentId { get; set; }

    /// <summary>Gets or sets the candidate identifier for <c>metadata.json</c>.</summary>
    public string? CandidateId { get; set; }

    /// <summary>Gets environment facts for <c>metadata.json</c>.</summary>
    public IDictionary<string, string> Environment { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Gets or sets the clock used for the start time in <c>metadata.json</c> before the first event arrives.</summary>
    /// <value>The default is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Gets or sets the factory of the meter the storage sink reports blocks, bytes and flush latency to (<see cref="RecordingMetrics"/>), usually the host's.</summary>
    /// <value>The default is <see langword="null"/>: no instruments.</value>
    public System.Diagnostics.Metrics.IMeterFactory? MeterFactory { get; set; }
}
