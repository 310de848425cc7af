namespace InterviewLM.Recording.Storage;

/// <summary>Represents one named moment of <c>index.json</c>, such as <c>session_start</c> or <c>first_claude_call</c>.</summary>
/// <param name="Time">The session time of the event.</param>
/// <param name="Timestamp">The wall-clock time of the event.</param>
/// <param name="Offset">The byte offset of the block that holds the event.</param>
/// <param name="EventIndex">The event's sequence number.</param>
/// <param name="Description">What happened there.</param>
public sealed record SessionCheckpoint(TimeSpan Time, DateTimeOffset Timestamp, long Offset, long EventIndex, string Description);
