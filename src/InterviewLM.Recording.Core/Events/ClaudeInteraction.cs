namespace InterviewLM.Recording;

/// <summary>Represents one complete Claude API call: what was asked, what came back, and how long it took.</summary>
/// <param name="InteractionId">A unique identifier of the interaction (the API's message id when there is one).</param>
/// <param name="Model">The model named in the request, or in the response when it differs.</param>
/// <param name="Prompt">The last user turn, as text.</param>
/// <param name="Response">The response text (text blocks joined).</param>
/// <param name="Usage">The token usage.</param>
/// <param name="Latency">The time from sending the request to receiving the whole response.</param>
public sealed record ClaudeInteraction(
    string InteractionId,
    string Model,
    string Prompt,
    string Response,
    ClaudeUsage Usage,
    TimeSpan Latency) : SessionEvent
{
    /// <summary>The wire name of this event type.</summary>
    public const string TypeName = "claude_interaction";

    /// <inheritdoc/>
    public override string Type => TypeName;

    /// <inheritdoc/>
    public override EventChannel Channel => EventChannel.Claude;

    /// <summary>Gets the system prompt, if any.</summary>
    public string? SystemPrompt { get; init; }

    /// <summary>Gets the conversation sent with the request, last turn included.</summary>
    public EquatableArray<ClaudeMessage> Conversation { get; init; } = EquatableArray<ClaudeMessage>.Empty;

    /// <summary>Gets the names of the tools offered in the request.</summary>
    public EquatableArray<string> ToolsOffered { get; init; } = EquatableArray<string>.Empty;

    /// <summary>Gets the tool calls in the response.</summary>
    public EquatableArray<ClaudeToolUse> ToolUses { get; init; } = EquatableArray<ClaudeToolUse>.Empty;

    /// <summary>Gets the stop reason, for example <c>end_turn</c>, <c>max_tokens</c> or <c>tool_use</c>.</summary>
    public string? StopReason { get; init; }

    /// <summary>Gets the time from sending the request to the first streamed token, for streamed calls.</summary>
    public TimeSpan? TimeToFirstToken { get; init; }

    /// <summary>Gets the requested maximum number of output tokens.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>Gets a value indicating whether the response was streamed.</summary>
    public bool Streamed { get; init; }

    /// <summary>Gets the HTTP status, when the call went over HTTP.</summary>
    public int? HttpStatus { get; init; }

    /// <summary>Gets the API error (type and message), when the call failed.</summary>
    public string? Error { get; init; }

    /// <summary>Gets a value indicating whether the response ended before it was complete (abandoned or broken stream).</summary>
    public bool Incomplete { get; init; }
}
