namespace InterviewLM.Recording;

/// <summary>Represents one turn of the conversation sent to Claude.</summary>
/// <param name="Role">The role: <c>user</c> or <c>assistant</c>.</param>
/// <param name="Content">The text of the turn (text blocks joined; other blocks summarized).</param>
public sealed record ClaudeMessage(string Role, string Content);
