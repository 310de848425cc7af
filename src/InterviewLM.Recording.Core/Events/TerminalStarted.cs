namespace InterviewLM.Recording;

/// <summary>Represents a terminal that starts: its size, the command it runs and the environment worth keeping.</summary>
/// <param name="Columns">The width in columns.</param>
/// <param name="Rows">The height in rows.</param>
/// <param name="Command">The command line, if known.</param>
/// <param name="TermType">The <c>TERM</c> value, for example <c>xterm-256color</c>.</param>
public sealed record TerminalStarted(int Columns, int Rows, string? Command = null, string? TermType = null) : SessionEvent
{
    /// <summary>The wire name of this event type.</summary>
    public const string TypeName = "terminal_start";

    /// <inheritdoc/>
    public override string Type => TypeName;

    /// <inheritdoc/>
    public override EventChannel Channel => EventChannel.Terminal;
}
