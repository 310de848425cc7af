namespace InterviewLM.Recording.Terminal;

/// <summary>Represents the header of an asciicast recording (v1, v2 or v3), with the fields normalized across versions.</summary>
public sealed record AsciicastHeader
{
    /// <summary>Gets the format version: 1, 2 or 3.</summary>
    public int Version { get; init; } = 2;

    /// <summary>Gets the terminal width in columns (v1/v2 <c>width</c>, v3 <c>term.cols</c>).</summary>
    public int Columns { get; init; } = 80;

    /// <summary>Gets the terminal height in rows (v1/v2 <c>height</c>, v3 <c>term.rows</c>).</summary>
    public int Rows { get; init; } = 24;

    /// <summary>Gets the wall-clock start of the recording, if known.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>Gets the declared duration, if any (v1, v2).</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Gets the idle time limit players apply, if any.</summary>
    public TimeSpan? IdleTimeLimit { get; init; }

    /// <summary>Gets the recorded command, if any.</summary>
    public string? Command { get; init; }

    /// <summary>Gets the title, if any.</summary>
    public string? Title { get; init; }

    /// <summary>Gets the captured environment variables (usually <c>SHELL</c> and <c>TERM</c>), if any.</summary>
    public IReadOnlyDictionary<string, string>? Env { get; init; }

    /// <summary>Gets the colour theme, if any.</summary>
    public AsciicastTheme? Theme { get; init; }

    /// <summary>Gets the terminal type (v3 <c>term.type</c>), if any.</summary>
    public string? TermType { get; init; }

    /// <summary>Gets the terminal's version string (v3 <c>term.version</c>), if any.</summary>
    public string? TermVersion { get; init; }

    /// <summary>Gets the tags (v3), if any.</summary>
    public IReadOnlyList<string>? Tags { get; init; }
}
