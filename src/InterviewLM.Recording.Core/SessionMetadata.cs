namespace InterviewLM.Recording;

/// <summary>Represents a session's <c>metadata.json</c>: who, when, how it is stored, and totals.</summary>
public sealed record SessionMetadata
{
    /// <summary>Gets the session identifier.</summary>
    public required string SessionId { get; init; }

    /// <summary>Gets the assessment identifier, if the host gave one.</summary>
    public string? AssessmentId { get; init; }

    /// <summary>Gets the candidate identifier, if the host gave one.</summary>
    public string? CandidateId { get; init; }

    /// <summary>Gets the wall-clock start time.</summary>
    public DateTimeOffset StartTime { get; init; }

    /// <summary>Gets the wall-clock end time, once the session is finalized.</summary>
    public DateTimeOffset? EndTime { get; init; }

    /// <summary>Gets the session duration (time of the last event), once finalized.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Gets the status: <see cref="SessionStatus.Active"/> while recording, <see cref="SessionStatus.Completed"/> once finalized.</summary>
    public SessionStatus Status { get; init; } = SessionStatus.Active;

    /// <summary>Gets the name of the codec the events file uses, for example <c>jsonl-gz</c>.</summary>
    public string Codec { get; init; } = "jsonl";

    /// <summary>Gets the number of events, once finalized.</summary>
    public long EventCount { get; init; }

    /// <summary>Gets the files seen in the session, by path.</summary>
    public IReadOnlyDictionary<string, SessionFileInfo> Files { get; init; } = new Dictionary<string, SessionFileInfo>();

    /// <summary>Gets the number of Claude interactions.</summary>
    public int TotalClaudeInteractions { get; init; }

    /// <summary>Gets the number of inserted characters across all edits (the seed's keystroke count).</summary>
    public long TotalKeystrokes { get; init; }

    /// <summary>Gets free-form environment facts the host wants kept (tool versions, shell).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
}
