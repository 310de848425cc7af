using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace InterviewLM.Recording.Claude.Internal;

/// <summary>Represents the capture of one <see cref="IChatClient"/> call, unary or streamed.</summary>
/// <remarks>Thread-safe: updates arrive on the consumer's thread while a snapshot may be taken on another.</remarks>
internal sealed class ChatCallCapture
{
    private readonly Lock _sync = new();
    private readonly IReadOnlyList<ChatMessage> _messages;
    private readonly ChatOptions? _options;
    private readonly string? _defaultModel;
    private readonly bool _streamed;
    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly List<ChatResponseUpdate> _updates = [];
    private readonly ClaudeInteractionRecorder.PendingInteraction _pending;
    private TimeSpan? _timeToFirstToken;
    private bool _finished;

    public ChatCallCapture(ClaudeInteractionRecorder recorder, IReadOnlyList<ChatMessage> messages, ChatOptions? options, string? defaultModel, bool streamed)
    {
        _messages = messages;
        _options = options;
        _defaultModel = defaultModel;
        _streamed = streamed;
        _time = recorder.TimeProvider;
        _started = _time.GetTimestamp();
        _pending = recorder.Begin(Snapshot);
    }

    public void OnUpdate(ChatResponseUpdate update)
    {
        lock (_sync)
        {
            if (_finished)
            {
                return;
            }

            _updates.Add(update);
            if (_timeToFirstToken is null && update.Contents.Any(static c => c is not UsageContent))
            {
                _timeToFirstToken = _time.GetElapsedTime(_started);
            }
        }
    }

    public void Complete(ChatResponse response) => Finish(response, incomplete: false, error: null);

    public void CompleteStream(bool incomplete, Exception? error) => Finish(null, incomplete, error);

    private void Finish(ChatResponse? response, bool incomplete, Exception? error)
    {
        ClaudeInteraction interaction;
        lock (_sync)
        {
            if (_finished)
            {
                return;
            }

            _finished = true;
            interaction = Build(response ?? _updates.ToChatResponse(), incomplete || error is not null, error);
        }

        if (error is not null and not OperationCanceledException)
        {
            // The call broke: what passed is recorded, the rest is missing.
            _pending.ReportFailure($"call failed before its end: {error.GetType().Name}: {error.Message}", error.ToString());
        }

        _pending.Complete(interaction);
    }

    private ClaudeInteraction Snapshot()
    {
        lock (_sync)
        {
            _finished = true;
            return Build(_updates.ToChatResponse(), incomplete: true, error: null);
        }
    }

    private ClaudeInteraction Build(ChatResponse response, bool incomplete, Exception? error)
    {
        var system = new StringBuilder();
        if (_options?.Instructions is { Length: > 0 } instructions)
        {
            ConversationText.AppendText(system, instructions);
        }

        var conversation = ImmutableArray.CreateBuilder<ClaudeMessage>(_messages.Count);
        foreach (var message in _messages)
        {
            if (message.Role == ChatRole.System)
            {
                ConversationText.AppendText(system, message.Text);
                continue;
            }

            conversation.Add(new ClaudeMessage(message.Role.Value, Render(message.Contents)));
        }

        var responseText = new StringBuilder();
        var toolUses = ImmutableArray.CreateBuilder<ClaudeToolUse>();
        foreach (var message in response.Messages)
        {
            foreach (var content in message.Contents)
            {
                switch (content)
                {
                    case TextContent text:
                        responseText.Append(text.Text);
                        break;
                    case FunctionCallContent call:
                        toolUses.Add(new ClaudeToolUse(call.CallId, call.Name, ArgumentsJson(call.Arguments)));
                        break;
                }
            }
        }

        var usage = response.Usage;
        var cacheRead = usage?.CachedInputTokenCount ?? 0;
        var cacheCreation = AdditionalCount(usage, "CacheCreationInputTokens") ?? AdditionalCount(usage, "cache_creation_input_tokens") ?? 0;
        var conversationItems = conversation.ToImmutable();
        return new ClaudeInteraction(
            response.ResponseId is { Length: > 0 } id ? id : "claude_" + Guid.NewGuid().ToString("N"),
            response.ModelId ?? _options?.ModelId ?? _defaultModel ?? "",
            ConversationText.LastUserTurn(conversationItems),
            responseText.ToString(),
            // Chat clients count cached input inside InputTokenCount; the Messages API (and so the event model) does not.
            new ClaudeUsage(Math.Max(0, (usage?.InputTokenCount ?? 0) - cacheRead - cacheCreation), usage?.OutputTokenCount ?? 0, cacheCreation, cacheRead),
            _time.GetElapsedTime(_started))
        {
            SystemPrompt = system.Length > 0 ? system.ToString() : null,
            Conversation = conversationItems,
            ToolsOffered = _options?.Tools is { } tools ? tools.Select(static t => t.Name).ToImmutableArray() : [],
            ToolUses = toolUses.ToImmutable(),
            StopReason = StopReason(response.FinishReason),
            TimeToFirstToken = _streamed ? _timeToFirstToken : null,
            MaxTokens = _options?.MaxOutputTokens,
            Streamed = _streamed,
            Error = error is null ? null : error is OperationCanceledException ? "canceled" : $"{error.GetType().Name}: {error.Message}",
            Incomplete = incomplete,
        };
    }

    /// <summary>Maps a chat finish reason to the Messages API's stop reason, so every capture records the same words.</summary>
    internal static string? StopReason(ChatFinishReason? reason)
    {
        if (reason is not { } value)
        {
            return null;
        }

        if (value == ChatFinishReason.Stop)
        {
            return "end_turn";
        }

        if (value == ChatFinishReason.Length)
        {
            return "max_tokens";
        }

        if (value == ChatFinishReason.ToolCalls)
        {
            return "tool_use";
        }

        return value == ChatFinishReason.ContentFilter ? "refusal" : value.Value;
    }

    private static long? AdditionalCount(UsageDetails? usage, string name)
        => usage?.AdditionalCounts is { } counts && counts.TryGetValue(name, out var count) ? count : null;

    private static string Render(IList<AIContent> contents)
    {
        var turn = new StringBuilder();
        foreach (var content in contents)
        {
            switch (content)
            {
                case TextContent text:
                    ConversationText.AppendText(turn, text.Text);
                    break;
                case FunctionCallContent call:
                    ConversationText.AppendToolUse(turn, call.Name, call.CallId, ArgumentsJson(call.Arguments));
                    break;
                case FunctionResultContent result:
                    ConversationText.AppendToolResult(turn, result.CallId, ResultText(result.Result), result.Exception is not null);
                    break;
                case UsageContent:
                    break;
                default:
                    ConversationText.AppendOther(turn, content.GetType().Name);
                    break;
            }
        }

        return turn.ToString();
    }

    private static string ArgumentsJson(IDictionary<string, object?>? arguments)
    {
        if (arguments is null)
        {
            return "{}";
        }

        var json = JsonSerializer.Serialize(arguments, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IDictionary<string, object?>)));
        return JsonText.TryCompact(json, out var compact) ? compact : json;
    }

    private static string ResultText(object? result) => result switch
    {
        null => "",
        string text => text,
        JsonElement { ValueKind: JsonValueKind.String } element => element.GetString()!,
        JsonElement element => JsonText.Compact(element),
        _ => JsonSerializer.Serialize(result, AIJsonUtilities.DefaultOptions.GetTypeInfo(result.GetType())),
    };
}
