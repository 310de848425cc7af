namespace InterviewLM.Recording;

/// <summary>Represents token usage reported by the API.</summary>
/// <param name="InputTokens">Input tokens.</param>
/// <param name="OutputTokens">Output tokens.</param>
/// <param name="CacheCreationInputTokens">Input tokens written to the prompt cache.</param>
/// <param name="CacheReadInputTokens">Input tokens read from the prompt cache.</param>
public sealed record ClaudeUsage(long InputTokens, long OutputTokens, long CacheCreationInputTokens = 0, long CacheReadInputTokens = 0)
{
    /// <summary>Gets usage with every count zero.</summary>
    public static ClaudeUsage None { get; } = new(0, 0);
}
