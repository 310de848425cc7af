namespace InterviewLM.Recording;

/// <summary>Represents the settings of a <see cref="SessionRecorder"/>.</summary>
public sealed class SessionRecorderOptions
{
    /// <summary>Gets or sets the clock events are timed with.</summary>
    /// <value>The default is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Gets or sets the session identifier.</summary>
    /// <value>The default is a new identifier of the form <c>sess_</c> followed by 32 hex digits.</value>
    public string? SessionId { get; set; }

    /// <summary>Gets or sets how many events may wait for the writer before producers wait or fail.</summary>
    /// <value>The default is 65,536.</value>
    public int Capacity { get; set; } = 65_536;

    /// <summary>Gets or sets what <c>Record</c> does when <see cref="Capacity"/> events are waiting.</summary>
    /// <value>The default is <see cref="RecorderFullMode.Wait"/>.</value>
    public RecorderFullMode FullMode { get; set; } = RecorderFullMode.Wait;

    /// <summary>Gets or sets the most events in one block; a full block is flushed at once.</summary>
    /// <value>The default is 4,096.</value>
    public int MaxBlockEvents { get; set; } = 4096;

    /// <summary>Gets or sets the approximate most bytes of event text in one block; a full block is flushed at once.</summary>
    /// <value>The default is 256 KiB.</value>
    public int MaxBlockBytes { get; set; } = 256 * 1024;

    /// <summary>Gets or sets how often pending events are flushed even when the block is not full.</summary>
    /// <value>The default is one second. A crash loses at most this much.</value>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the factory of the meter the recorder reports to (<see cref="RecordingMetrics"/>), usually the host's.</summary>
    /// <value>The default is <see langword="null"/>: no instruments, nothing measured.</value>
    public System.Diagnostics.Metrics.IMeterFactory? MeterFactory { get; set; }

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(TimeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThan(Capacity, 1, nameof(Capacity));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBlockEvents, 1, nameof(MaxBlockEvents));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBlockBytes, 1, nameof(MaxBlockBytes));
        if (FlushInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(FlushInterval), FlushInterval, "The flush interval must be positive.");
        }

        if (!Enum.IsDefined(FullMode))
        {
            throw new ArgumentOutOfRangeException(nameof(FullMode), FullMode, "Unknown full mode.");
        }
    }
}
