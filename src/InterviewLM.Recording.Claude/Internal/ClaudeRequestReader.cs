using System.Collections.Immutable;
using System.Text;
using System.Text.Json;

namespace InterviewLM.Recording.Claude.Internal;

/// <summary>Reads the fields the capture records from a Messages API request body.</summary>
internal static class ClaudeRequestReader
{
    /// <summary>Fills <paramref name="draft"/> from the JSON request body; a body that is not a JSON object leaves it as it is.</summary>
    public static void Read(ReadOnlyMemory<byte> body, InteractionDraft draft)
    {
        if (body.IsEmpty)
        {
            return;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            foreach (var property in root.EnumerateObject())
            {
                var value = property.Value;
                switch (property.Name)
                {
                    case "model" when value.ValueKind == JsonValueKind.String:
                        draft.RequestModel = value.GetString();
                        break;
                    case "max_tokens" when value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var maxTokens):
                        draft.MaxTokens = maxTokens;
                        break;
                    case "stream" when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                        draft.Streamed = value.GetBoolean();
                        break;
                    case "system":
                        draft.SystemPrompt = ContentToText(value);
                        break;
                    case "messages" when value.ValueKind == JsonValueKind.Array:
                        draft.Conversation = ReadMessages(value);
                        break;
                    case "tools" when value.ValueKind == JsonValueKind.Array:
                        draft.ToolsOffered = ReadToolNames(value);
                        break;
                }
            }

            draft.Prompt = ConversationText.LastUserTurn(draft.Conversation);
        }
    }

    private static ImmutableArray<ClaudeMessage> ReadMessages(JsonElement messages)
    {
        var result = ImmutableArray.CreateBuilder<ClaudeMessage>(messages.GetArrayLength());
        foreach (var message in messages.EnumerateArray())
        {
            if (message.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var role = message.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() ?? "" : "";
            var content = message.TryGetProperty("content", out var c) ? ContentToText(c) : "";
            result.Add(new ClaudeMessage(role, content));
        }

        return result.MoveToImmutable();
    }

    private static ImmutableArray<string> ReadToolNames(JsonElement tools)
    {
        var result = ImmutableArray.CreateBuilder<string>();
        foreach (var tool in tools.EnumerateArray())
        {
            if (tool.ValueKind == JsonValueKind.Object && tool.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)
            {
                result.Add(name.GetString()!);
            }
        }

        return result.ToImmutable();
    }

    /// <summary>Renders message content (a string or an array of blocks) as text.</summary>
    internal static string ContentToText(JsonElement content)
    {
        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                return content.GetString()!;
            case JsonValueKind.Array:
                var turn = new StringBuilder();
                foreach (var block in content.EnumerateArray())
                {
                    AppendBlock(turn, block);
                }

                return turn.ToString();
            default:
                return "";
        }
    }

    private static void AppendBlock(StringBuilder turn, JsonElement block)
    {
        if (block.ValueKind == JsonValueKind.String)
        {
            ConversationText.AppendText(turn, block.GetString()!);
            return;
        }

        if (block.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var type = block.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        switch (type)
        {
            case "text":
                ConversationText.AppendText(turn, block.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString()! : "");
                break;
            case "tool_use":
                ConversationText.AppendToolUse(
                    turn,
                    StringProperty(block, "name"),
                    StringProperty(block, "id"),
                    block.TryGetProperty("input", out var input) ? JsonText.Compact(input) : "{}");
                break;
            case "tool_result":
                ConversationText.AppendToolResult(
                    turn,
                    StringProperty(block, "tool_use_id"),
                    block.TryGetProperty("content", out var resultContent) ? ContentToText(resultContent) : "",
                    block.TryGetProperty("is_error", out var isError) && isError.ValueKind == JsonValueKind.True);
                break;
            default:
                ConversationText.AppendOther(turn, type);
                break;
        }
    }

    private static string? StringProperty(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
