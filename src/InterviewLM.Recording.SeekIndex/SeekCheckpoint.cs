namespace InterviewLM.Recording.SeekIndex;

/// <summary>Represents one named moment of <c>index.json</c> (the seed's checkpoint), such as <c>session_start</c> or <c>first_claude_call</c>.</summary>
/// <param name="Time">The session time of the event.</param>
/// <param name="Timestamp">The wall-clock time of the event, in Unix milliseconds.</param>
/// <param name="Offset">The byte offset of the block that holds the event.</param>
/// <param name="EventIndex">The event's position in the stream.</param>
/// <param name="Description">What happened there.</param>
public sealed record SeekCheckpoint(TimeSpan Time, long Timestamp, long Offset, long EventIndex, string Description);
