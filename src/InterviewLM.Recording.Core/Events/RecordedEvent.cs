namespace InterviewLM.Recording;

/// <summary>Represents one event of a session's stream: its sequence number, its time and its payload.</summary>
/// <param name="Sequence">The zero-based position of the event in the session's stream.</param>
/// <param name="Time">The monotonic offset from session start, with microsecond precision.</param>
/// <param name="Event">The payload.</param>
public sealed record RecordedEvent(long Sequence, TimeSpan Time, SessionEvent Event)
{
    /// <summary>Gets the time in whole microseconds since session start, as stored by every codec.</summary>
    public long TimeMicroseconds => Time.Ticks / TimeSpan.TicksPerMicrosecond;
}
