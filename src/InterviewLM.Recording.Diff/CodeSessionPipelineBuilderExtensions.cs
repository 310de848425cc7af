using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Diff;

/// <summary>Adds the code channel's projections to a recording pipeline.</summary>
public static class CodeSessionPipelineBuilderExtensions
{
    /// <summary>Adds a layer that folds the code channel into <c>files/&lt;fileId&gt;.diffs</c> and <c>.hash</c> as events pass and writes them when the session completes.</summary>
    /// <param name="builder">The pipeline.</param>
    /// <returns>The pipeline.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static SessionPipelineBuilder UseCodeFiles(this SessionPipelineBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseProjection(static _ => new CodeProjections());
    }
}
