namespace InterviewLM.Recording.Claude;

/// <summary>Represents where captured Claude interactions go.</summary>
/// <remarks>
/// <see cref="ClaudeInteractionRecorder"/> calls <see cref="Record"/> one interaction at a time, in the order the calls
/// started, never concurrently. An implementation must not throw for a valid interaction; if it does, the interaction is
/// counted in <see cref="ClaudeInteractionRecorder.FailedCount"/> (and, for a session's recorder, recorded as a <see cref="CaptureFailed"/> event) and the Claude call itself is not affected.
/// </remarks>
public interface IClaudeInteractionSink
{
    /// <summary>Stores one interaction.</summary>
    /// <param name="interaction">The interaction, with no credential in it.</param>
    void Record(ClaudeInteraction interaction);
}
