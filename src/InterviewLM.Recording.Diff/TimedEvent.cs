namespace InterviewLM.Recording.Diff;

/// <summary>Represents an event with the session time at which a source says it happened.</summary>
/// <param name="Time">The offset from session start.</param>
/// <param name="Event">The event.</param>
public readonly record struct TimedEvent(TimeSpan Time, SessionEvent Event);
