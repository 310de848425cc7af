using System.Text.Json;

namespace InterviewLM.Recording.Claude.Internal;

/// <summary>Reads Messages API response objects (a whole message, usage, an error) into a draft; shared by the JSON and SSE paths.</summary>
internal static class ClaudeResponseReader
{
    /// <summary>Reads a non-streamed response body: a message, or an error object for a failed call.</summary>
    public static void ReadBody(ReadOnlyMemory<byte> body, InteractionDraft draft)
    {
        if (body.IsEmpty)
        {
            return;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            if (TypeOf(root) == "error")
            {
                ReadError(root, draft);
            }
            else
            {
                ReadMessage(root, draft, withContent: true);
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML error page, say): the status alone is recorded.
        }
    }

    public static void ReadMessage(JsonElement message, InteractionDraft draft, bool withContent)
    {
        foreach (var property in message.EnumerateObject())
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "id" when value.ValueKind == JsonValueKind.String:
                    draft.MessageId = value.GetString();
                    break;
                case "model" when value.ValueKind == JsonValueKind.String:
                    draft.ResponseModel = value.GetString();
                    break;
                case "stop_reason" when value.ValueKind == JsonValueKind.String:
                    draft.StopReason = value.GetString();
                    break;
                case "usage" when value.ValueKind == JsonValueKind.Object:
                    ReadUsage(value, draft);
                    break;
                case "content" when withContent && value.ValueKind == JsonValueKind.Array:
                    var index = 0;
                    foreach (var block in value.EnumerateArray())
                    {
                        StartBlock(draft.Block(index++), block);
                    }

                    break;
            }
        }
    }

    /// <summary>Starts a content block from its JSON (content_block_start, or a whole block of a non-streamed message).</summary>
    public static void StartBlock(InteractionDraft.BlockDraft block, JsonElement content)
    {
        if (content.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        block.Kind = TypeOf(content);
        foreach (var property in content.EnumerateObject())
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "text" when value.ValueKind == JsonValueKind.String:
                    block.Text.Append(value.GetString());
                    break;
                case "id" when value.ValueKind == JsonValueKind.String:
                    block.Id = value.GetString();
                    break;
                case "name" when value.ValueKind == JsonValueKind.String:
                    block.Name = value.GetString();
                    break;
                case "input":
                    block.InitialInputJson = value.GetRawText();
                    break;
            }
        }
    }

    /// <summary>Reads usage; counts that are present replace earlier ones (message_delta counts are cumulative).</summary>
    public static void ReadUsage(JsonElement usage, InteractionDraft draft)
    {
        foreach (var property in usage.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.Number || !property.Value.TryGetInt64(out var count))
            {
                continue;
            }

            switch (property.Name)
            {
                case "input_tokens":
                    draft.InputTokens = count;
                    break;
                case "output_tokens":
                    draft.OutputTokens = count;
                    break;
                case "cache_creation_input_tokens":
                    draft.CacheCreationInputTokens = count;
                    break;
                case "cache_read_input_tokens":
                    draft.CacheReadInputTokens = count;
                    break;
            }
        }
    }

    /// <summary>Reads an error object (<c>{"type":"error","error":{"type":…,"message":…}}</c>) as <c>type: message</c>.</summary>
    public static void ReadError(JsonElement root, InteractionDraft draft)
    {
        if (!root.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object)
        {
            draft.Error = "error";
            return;
        }

        var type = error.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : "error";
        var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        draft.Error = message is null ? type : $"{type}: {message}";
    }

    public static string? TypeOf(JsonElement element)
        => element.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString() : null;
}
