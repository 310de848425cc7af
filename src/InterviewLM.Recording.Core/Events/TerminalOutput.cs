namespace InterviewLM.Recording;

/// <summary>Represents text the terminal wrote to the screen (already decoded from UTF-8).</summary>
/// <param name="Data">The output, escape sequences included.</param>
public sealed record TerminalOutput(string Data) : SessionEvent
{
    /// <summary>The wire name of this event type.</summary>
    public const string TypeName = "terminal_output";

    /// <inheritdoc/>
    public override string Type => TypeName;

    /// <inheritdoc/>
    public override EventChannel Channel => EventChannel.Terminal;
}
