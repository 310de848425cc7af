namespace InterviewLM.Recording.Terminal;

/// <summary>Represents the colour theme of an asciicast recording.</summary>
/// <param name="Foreground">The default foreground colour (for example <c>#aaaaaa</c>).</param>
/// <param name="Background">The default background colour.</param>
/// <param name="Palette">The 8 or 16 palette colours separated by colons, or <see langword="null"/>.</param>
public sealed record AsciicastTheme(string Foreground, string Background, string? Palette = null);
