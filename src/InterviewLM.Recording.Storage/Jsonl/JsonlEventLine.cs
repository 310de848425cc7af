namespace InterviewLM.Recording.Storage.Jsonl;

/// <summary>Represents one event line of JSON Lines, as <see cref="JsonlCodec.ReadEvent"/> reads it.</summary>
/// <param name="Sequence">The line's <c>seq</c>, or <see langword="null"/> when it has none (lines written elsewhere may leave it out).</param>
/// <param name="Time">The line's <c>t</c>: the time since session start, in whole microseconds.</param>
/// <param name="Event">The event; a type this version does not know is an <see cref="UnknownEvent"/>.</param>
public readonly record struct JsonlEventLine(long? Sequence, TimeSpan Time, SessionEvent Event);
