namespace InterviewLM.Recording;

/// <summary>Provides the names of the <see cref="System.Diagnostics.Metrics.Meter"/> and instruments InterviewLM.Recording reports, named as OpenTelemetry's semantic conventions name theirs.</summary>
/// <remarks>
/// <para>
/// Instruments are created only when a component is given an <see cref="System.Diagnostics.Metrics.IMeterFactory"/>
/// (<see cref="SessionRecorderOptions.MeterFactory"/>, the storage options' <c>MeterFactory</c>; dependency injection passes
/// the host's). Listen to the meter named <see cref="MeterName"/> (OpenTelemetry: <c>AddMeter("InterviewLM.Recording")</c>).
/// </para>
/// <para>
/// Recorder: <see cref="Events"/>, <see cref="QueueDepth"/>, <see cref="ActiveSessions"/>, <see cref="RecorderWaits"/>,
/// <see cref="RecorderFailures"/>, <see cref="CaptureFailures"/>. Storage: <see cref="Blocks"/>, <see cref="Bytes"/>,
/// <see cref="FlushDuration"/>.
/// </para>
/// </remarks>
public static class RecordingMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "InterviewLM.Recording";

    /// <summary>Counter of events the recorder handed to its pipeline (unit <c>{event}</c>); counted per written block, off the producers' path.</summary>
    public const string Events = "interviewlm.recording.events";

    /// <summary>Observable up-down counter of events recorded and not yet written, over every live recorder (unit <c>{event}</c>).</summary>
    public const string QueueDepth = "interviewlm.recording.queue.depth";

    /// <summary>Observable up-down counter of sessions being recorded (unit <c>{session}</c>).</summary>
    public const string ActiveSessions = "interviewlm.recording.sessions.active";

    /// <summary>Counter of producers that found the recorder's queue full and waited (unit <c>{wait}</c>).</summary>
    public const string RecorderWaits = "interviewlm.recording.recorder.waits";

    /// <summary>Counter of recorder failures (unit <c>{failure}</c>), tagged <see cref="ErrorTypeTag"/>: the writer's exception type, or <c>recorder_full</c> for an event refused in fail mode.</summary>
    public const string RecorderFailures = "interviewlm.recording.recorder.failures";

    /// <summary>Counter of captured items a capture could not record (unit <c>{failure}</c>), tagged <see cref="CaptureTag"/> (for example <c>claude</c>).</summary>
    public const string CaptureFailures = "interviewlm.recording.capture.failures";

    /// <summary>Counter of blocks written to the events object (unit <c>{block}</c>), tagged <see cref="BlockKindTag"/> (<c>events</c> or <c>keyframe</c>).</summary>
    public const string Blocks = "interviewlm.recording.blocks";

    /// <summary>Counter of bytes written to the events object (unit <c>By</c>).</summary>
    public const string Bytes = "interviewlm.recording.bytes";

    /// <summary>Histogram of the time to encode, append and flush one block (unit <c>s</c>).</summary>
    public const string FlushDuration = "interviewlm.recording.flush.duration";

    /// <summary>The tag naming an error's type (OpenTelemetry's <c>error.type</c>).</summary>
    public const string ErrorTypeTag = "error.type";

    /// <summary>The tag naming a capture (<c>claude</c>, <c>terminal</c>, <c>code</c>).</summary>
    public const string CaptureTag = "interviewlm.recording.capture";

    /// <summary>The tag naming a block's kind.</summary>
    public const string BlockKindTag = "interviewlm.recording.block.kind";

    /// <summary>The tag naming a codec.</summary>
    public const string CodecTag = "interviewlm.recording.codec";
}
