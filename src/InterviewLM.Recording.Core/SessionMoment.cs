namespace InterviewLM.Recording;

/// <summary>Represents a named moment of a session, such as <c>session_start</c>, <c>first_claude_call</c> or a marker.</summary>
/// <param name="Time">The session time of the event.</param>
/// <param name="Sequence">The event's sequence number.</param>
/// <param name="Description">What happened there.</param>
public readonly record struct SessionMoment(TimeSpan Time, long Sequence, string Description);
