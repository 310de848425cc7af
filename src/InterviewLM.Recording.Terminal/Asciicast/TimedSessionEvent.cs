namespace InterviewLM.Recording.Terminal;

/// <summary>Represents a session event with the time it happened, before it is given a sequence number by a recorder.</summary>
/// <param name="Time">The time since the start of the recording.</param>
/// <param name="Event">The event.</param>
public readonly record struct TimedSessionEvent(TimeSpan Time, SessionEvent Event);
