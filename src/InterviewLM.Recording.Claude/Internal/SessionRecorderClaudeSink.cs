namespace InterviewLM.Recording.Claude.Internal;

/// <summary>Sends interactions to a <see cref="SessionRecorder"/>, which gives each its sequence number and time.</summary>
internal sealed class SessionRecorderClaudeSink(SessionRecorder recorder) : IClaudeInteractionSink
{
    public SessionRecorder Recorder { get; } = recorder;

    public void Record(ClaudeInteraction interaction) => Recorder.Record(interaction);
}
