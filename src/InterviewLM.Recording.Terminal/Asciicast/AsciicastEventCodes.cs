namespace InterviewLM.Recording.Terminal;

/// <summary>Gets the asciicast event codes.</summary>
public static class AsciicastEventCodes
{
    /// <summary>Output written by the program to the terminal.</summary>
    public const string Output = "o";

    /// <summary>Input typed into the terminal.</summary>
    public const string Input = "i";

    /// <summary>A terminal resize; the data is <c>COLSxROWS</c>.</summary>
    public const string Resize = "r";

    /// <summary>A marker (breakpoint); the data is its label.</summary>
    public const string Marker = "m";

    /// <summary>The program exited (asciicast v3); the data is the exit status.</summary>
    public const string Exit = "x";
}
