namespace InterviewLM.Recording.Terminal;

/// <summary>Represents the settings of an export of session events to asciicast.</summary>
public sealed class AsciicastExportOptions
{
    /// <summary>Gets or sets the asciicast version to write, 2 or 3.</summary>
    /// <value>The default is 2.</value>
    public int Version { get; set; } = 2;

    /// <summary>Gets or sets a value indicating whether terminal input is exported as <c>i</c> events.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool IncludeInput { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether markers are exported as <c>m</c> events.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool IncludeMarkers { get; set; } = true;

    /// <summary>Gets or sets the title written in the header, if any.</summary>
    public string? Title { get; set; }

    /// <summary>Gets or sets the idle time limit written in the header, if any.</summary>
    public TimeSpan? IdleTimeLimit { get; set; }

    /// <summary>Gets or sets the environment variables written in the header, if any.</summary>
    public IReadOnlyDictionary<string, string>? Env { get; set; }
}
