namespace InterviewLM.Recording;

/// <summary>Represents a <c>tool_use</c> block in Claude's response.</summary>
/// <param name="Id">The tool use identifier.</param>
/// <param name="Name">The tool name.</param>
/// <param name="InputJson">The tool input as a JSON object.</param>
public sealed record ClaudeToolUse(string Id, string Name, string InputJson);
