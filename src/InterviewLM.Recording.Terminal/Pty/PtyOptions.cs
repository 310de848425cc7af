namespace InterviewLM.Recording.Terminal;

/// <summary>Represents how to start a program in a pseudo-terminal.</summary>
public sealed class PtyOptions
{
    /// <summary>Gets or sets the program to run, looked up in <c>PATH</c> when it has no slash.</summary>
    public required string FileName { get; set; }

    /// <summary>Gets the program's arguments (without the program name itself).</summary>
    public IList<string> Arguments { get; init; } = [];

    /// <summary>Gets or sets the working directory, or <see langword="null"/> for the current one.</summary>
    public string? WorkingDirectory { get; set; }

    /// <summary>Gets the environment variables to set; a <see langword="null"/> value removes the variable.</summary>
    public IDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>(StringComparer.Ordinal);

    /// <summary>Gets or sets a value indicating whether the child starts from this process's environment.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool InheritEnvironment { get; set; } = true;

    /// <summary>Gets or sets the terminal type given to the child as <c>TERM</c> unless <see cref="Environment"/> sets it.</summary>
    /// <value>The default is <c>xterm-256color</c>.</value>
    public string TermType { get; set; } = "xterm-256color";

    /// <summary>Gets or sets the initial width in columns.</summary>
    /// <value>The default is 80.</value>
    public int Columns { get; set; } = 80;

    /// <summary>Gets or sets the initial height in rows.</summary>
    /// <value>The default is 24.</value>
    public int Rows { get; set; } = 24;

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(FileName);
        ArgumentNullException.ThrowIfNull(Arguments);
        ArgumentNullException.ThrowIfNull(Environment);
        PtySize.Validate(Columns, Rows);
    }
}
