namespace InterviewLM.Recording;

/// <summary>Represents the end of the terminal's process.</summary>
/// <param name="ExitCode">The exit code, when the process exited normally.</param>
/// <param name="Signal">The signal number, when a signal ended the process.</param>
public sealed record TerminalExited(int? ExitCode, int? Signal = null) : SessionEvent
{
    /// <summary>The wire name of this event type.</summary>
    public const string TypeName = "terminal_exit";

    /// <inheritdoc/>
    public override string Type => TypeName;

    /// <inheritdoc/>
    public override EventChannel Channel => EventChannel.Terminal;
}
