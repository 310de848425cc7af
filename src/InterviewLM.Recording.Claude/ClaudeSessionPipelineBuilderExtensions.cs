using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Claude;

/// <summary>Adds the Claude interactions' projection to a recording pipeline.</summary>
public static class ClaudeSessionPipelineBuilderExtensions
{
    /// <summary>Adds a layer that folds every Claude interaction into <c>claude_interactions.jsonl</c> as events pass and writes it when the session completes.</summary>
    /// <param name="builder">The pipeline.</param>
    /// <returns>The pipeline.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static SessionPipelineBuilder UseClaudeInteractions(this SessionPipelineBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseProjection(static _ => new ClaudeInteractionsProjection());
    }
}
