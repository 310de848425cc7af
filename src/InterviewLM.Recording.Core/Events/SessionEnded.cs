namespace InterviewLM.Recording;

/// <summary>Represents the end of a session; always the last event of a finalized stream.</summary>
/// <param name="Reason">Why the session ended, for example <c>completed</c> or <c>manual_stop</c>.</param>
public sealed record SessionEnded(string Reason) : SessionEvent
{
    /// <summary>The wire name of this event type.</summary>
    public const string TypeName = "session_end";

    /// <inheritdoc/>
    public override string Type => TypeName;

    /// <inheritdoc/>
    public override EventChannel Channel => EventChannel.Session;
}
