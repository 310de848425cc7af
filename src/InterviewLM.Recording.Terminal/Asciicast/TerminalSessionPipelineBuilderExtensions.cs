using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Terminal;

/// <summary>Adds the terminal's projection to a recording pipeline.</summary>
public static class TerminalSessionPipelineBuilderExtensions
{
    /// <summary>Adds a layer that folds the terminal channel into <c>terminal.cast</c> (asciicast) as events pass and writes it when the session completes.</summary>
    /// <param name="builder">The pipeline.</param>
    /// <param name="options">The export settings, or <see langword="null"/> for asciicast v2 with input and markers.</param>
    /// <returns>The pipeline.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static SessionPipelineBuilder UseTerminalCast(this SessionPipelineBuilder builder, AsciicastExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseProjection(_ => new TerminalCastProjection(options));
    }
}
