namespace InterviewLM.Recording;

/// <summary>Represents the start of a session; always the first event of a stream.</summary>
/// <param name="SessionId">The session identifier.</param>
/// <param name="StartedAt">The wall-clock start time (from <see cref="TimeProvider.GetUtcNow"/>).</param>
public sealed record SessionStarted(string SessionId, DateTimeOffset StartedAt) : SessionEvent
{
    /// <summary>The wire name of this event type.</summary>
    public const string TypeName = "session_start";

    /// <inheritdoc/>
    public override string Type => TypeName;

    /// <inheritdoc/>
    public override EventChannel Channel => EventChannel.Session;
}
