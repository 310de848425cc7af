namespace InterviewLM.Recording;

/// <summary>Represents keys the candidate typed into the terminal.</summary>
/// <param name="Data">The input as sent to the terminal.</param>
public sealed record TerminalInput(string Data) : SessionEvent
{
    /// <summary>The wire name of this event type.</summary>
    public const string TypeName = "terminal_input";

    /// <inheritdoc/>
    public override string Type => TypeName;

    /// <inheritdoc/>
    public override EventChannel Channel => EventChannel.Terminal;
}
