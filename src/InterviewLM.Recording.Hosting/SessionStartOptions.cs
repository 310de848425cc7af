namespace InterviewLM.Recording.Hosting;

/// <summary>Represents what a host knows of a session when it starts recording it.</summary>
public sealed class SessionStartOptions
{
    /// <summary>Gets or sets the session identifier.</summary>
    /// <value>The default is <see langword="null"/>: a new identifier (<see cref="SessionRecorder.NewSessionId"/>).</value>
    public string? SessionId { get; set; }

    /// <summary>Gets or sets the assessment identifier for <c>metadata.json</c>.</summary>
    public string? AssessmentId { get; set; }

    /// <summary>Gets or sets the candidate identifier for <c>metadata.json</c>.</summary>
    public string? CandidateId { get; set; }

    /// <summary>Gets environment facts for this session's <c>metadata.json</c>, added to <see cref="InterviewRecordingOptions.Environment"/>.</summary>
    public IDictionary<string, string> Environment { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
