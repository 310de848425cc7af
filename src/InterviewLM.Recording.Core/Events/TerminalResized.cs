namespace InterviewLM.Recording;

/// <summary>Represents a terminal resize.</summary>
/// <param name="Columns">The new width in columns.</param>
/// <param name="Rows">The new height in rows.</param>
public sealed record TerminalResized(int Columns, int Rows) : SessionEvent
{
    /// <summary>The wire name of this event type.</summary>
    public const string TypeName = "terminal_resize";

    /// <inheritdoc/>
    public override string Type => TypeName;

    /// <inheritdoc/>
    public override EventChannel Channel => EventChannel.Terminal;
}
