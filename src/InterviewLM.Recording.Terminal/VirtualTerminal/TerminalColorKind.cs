namespace InterviewLM.Recording.Terminal;

/// <summary>Represents how a <see cref="TerminalColor"/> is specified.</summary>
public enum TerminalColorKind
{
    /// <summary>The terminal's default colour (SGR 39/49).</summary>
    Default,

    /// <summary>One of the 16 standard colours (SGR 30–37, 90–97 and their backgrounds).</summary>
    Palette16,

    /// <summary>An index into the 256-colour palette (SGR 38;5;n).</summary>
    Palette256,

    /// <summary>A true colour (SGR 38;2;r;g;b).</summary>
    Rgb,
}
