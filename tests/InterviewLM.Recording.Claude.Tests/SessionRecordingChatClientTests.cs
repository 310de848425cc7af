using System.Text.Json;
using Anthropic.Exceptions;
using InterviewLM.Recording.Claude.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace InterviewLM.Recording.Claude.Tests;

public sealed class SessionRecordingChatClientTests
{
    private static readonly ChatOptions s_options = new()
    {
        Instructions = "You are an interviewer.",
        MaxOutputTokens = 512,
        Tools = [AIFunctionFactory.Create((string path) => "ok", "run_tests"), AIFunctionFactory.Create((string path) => "text", "read_file")],
    };

    private static List<ChatMessage> Conversation(string last = "Explain this diff") =>
    [
        new(ChatRole.User, "Run the tests please"),
        new(ChatRole.Assistant, [new TextContent("Running."), new FunctionCallContent("toolu_00", "run_tests", new Dictionary<string, object?> { ["path"] = "." })]),
        new(ChatRole.User, [new FunctionResultContent("toolu_00", "3 passed"), new TextContent("The tests pass.")]),
        new(ChatRole.User, last),
    ];

    [Fact]
    public async Task GetResponseAsync_ToolUse_RecordsWhatTheHttpCaptureRecordsAndReturnsSameResponse()
    {
        await using var server = await FakeAnthropicServer.StartAsync();
        var (chat, http, recorded) = Build(server.BaseUrl);
        using var plain = Sdk.Client(server.BaseUrl).AsIChatClient("claude-test");

        var response = await chat.GetResponseAsync(Conversation(), s_options);
        var reference = await plain.GetResponseAsync(Conversation(), s_options);

        Assert.Equal(Serialize(reference), Serialize(response));
        var viaChat = Assert.Single(recorded.Items);
        var viaHttp = Assert.Single(http.Items);
        AssertSameCapture(viaHttp, viaChat);
        Assert.Equal(response.ResponseId, viaChat.InteractionId);
        Assert.Equal(response.Text, viaChat.Response);
        Assert.Equal(new ClaudeUsage(11, 7, 0, 3), viaChat.Usage with { CacheCreationInputTokens = 0 });
        Assert.Equal("tool_use", viaChat.StopReason);
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        var call = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Single();
        Assert.Equal(new ClaudeToolUse(call.CallId, call.Name, "{\"path\":\"src/a.cs\",\"verbose\":true}"), Assert.Single(viaChat.ToolUses));
        Assert.False(viaChat.Streamed);
        Assert.Null(viaChat.TimeToFirstToken);
        Assert.Null(viaChat.HttpStatus);
        Assert.Null(viaChat.Error);
        Assert.False(viaChat.Incomplete);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_TextAndToolUse_RecordsWhatTheHttpCaptureRecordsWithTimes()
    {
        await using var server = await FakeAnthropicServer.StartAsync();
        server.Script = _ => Replies.Sse(Replies.StreamWithToolUse());
        var clock = new FakeTimeProvider();
        var (chat, http, recorded) = Build(server.BaseUrl, clock);
        using var plain = Sdk.Client(server.BaseUrl).AsIChatClient("claude-test");

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in chat.GetStreamingResponseAsync(Conversation(), s_options))
        {
            updates.Add(update);
            clock.Advance(TimeSpan.FromMilliseconds(10));
        }

        var reference = new List<ChatResponseUpdate>();
        await foreach (var update in plain.GetStreamingResponseAsync(Conversation(), s_options))
        {
            reference.Add(update);
        }

        Assert.Equal(Serialize(reference.ToChatResponse()), Serialize(updates.ToChatResponse()));
        var viaChat = Assert.Single(recorded.Items);
        var viaHttp = Assert.Single(http.Items);
        AssertSameCapture(viaHttp, viaChat);
        Assert.Equal("Hello wörld 😀", viaChat.Response);
        Assert.Equal(new ClaudeToolUse("toolu_01", "run_tests", "{\"path\":\"src/a.cs\"}"), Assert.Single(viaChat.ToolUses));
        Assert.True(viaChat.Streamed);
        var firstTokenUpdate = updates.FindIndex(u => u.Contents.Any(c => c is not UsageContent));
        Assert.Equal(TimeSpan.FromMilliseconds(10 * firstTokenUpdate), viaChat.TimeToFirstToken);
        Assert.Equal(TimeSpan.FromMilliseconds(10 * updates.Count), viaChat.Latency);
        Assert.False(viaChat.Incomplete);
        Assert.Null(viaChat.Error);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ConsumerStopsEarly_RecordsIncomplete()
    {
        await using var server = await FakeAnthropicServer.StartAsync();
        server.Script = _ => Replies.Sse(Replies.StreamWithToolUse());
        var (chat, _, recorded) = Build(server.BaseUrl);

        await foreach (var update in chat.GetStreamingResponseAsync(Conversation(), s_options))
        {
            if (update.Text.Length > 0)
            {
                break;
            }
        }

        var interaction = Assert.Single(recorded.Items);
        Assert.True(interaction.Incomplete);
        Assert.Equal("Hello", interaction.Response);
        Assert.Null(interaction.Error);
    }

    [Fact]
    public async Task GetResponseAsync_RateLimited_RecordsErrorAndRethrows()
    {
        await using var server = await FakeAnthropicServer.StartAsync();
        server.Script = _ => Replies.Json(Replies.RateLimitError, 429);
        var (chat, http, recorded) = Build(server.BaseUrl);

        var error = await Assert.ThrowsAnyAsync<AnthropicApiException>(() => chat.GetResponseAsync(Conversation(), s_options));

        var interaction = Assert.Single(recorded.Items);
        Assert.Equal($"{error.GetType().Name}: {error.Message}", interaction.Error);
        Assert.True(interaction.Incomplete);
        Assert.Equal("Explain this diff", interaction.Prompt);
        Assert.Equal(429, Assert.Single(http.Items).HttpStatus);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_MidStreamError_RecordsErrorAndPartialText()
    {
        await using var server = await FakeAnthropicServer.StartAsync();
        server.Script = _ => Replies.Sse(Replies.StreamWithMidStreamError());
        var (chat, _, recorded) = Build(server.BaseUrl);

        await Assert.ThrowsAsync<AnthropicSseException>(async () =>
        {
            await foreach (var _ in chat.GetStreamingResponseAsync(Conversation(), s_options))
            {
            }
        });

        var interaction = Assert.Single(recorded.Items);
        Assert.True(interaction.Incomplete);
        Assert.Equal("Partial", interaction.Response);
        Assert.StartsWith(nameof(AnthropicSseException), interaction.Error, StringComparison.Ordinal);
    }

    // The chat client over the SDK, recorded by the middleware; the SDK's HTTP recorded by the handler, as an oracle.
    private static (IChatClient Chat, ListClaudeSink Http, ListClaudeSink Chat2) Build(string baseUrl, TimeProvider? clock = null)
    {
        var http = new ListClaudeSink();
        var chat = new ListClaudeSink();
        var sdk = Sdk.Client(baseUrl, new ClaudeCaptureHandler(new ClaudeInteractionRecorder(http)));
        var client = sdk.AsIChatClient("claude-test").AsBuilder().UseSessionRecording(new ClaudeInteractionRecorder(chat, clock)).Build();
        return (client, http, chat);
    }

    private static void AssertSameCapture(ClaudeInteraction viaHttp, ClaudeInteraction viaChat)
    {
        Assert.Equal(viaHttp.InteractionId, viaChat.InteractionId);
        Assert.Equal(viaHttp.Model, viaChat.Model);
        Assert.Equal(viaHttp.Prompt, viaChat.Prompt);
        Assert.Equal(viaHttp.Response, viaChat.Response);
        Assert.Equal(viaHttp.Usage.InputTokens, viaChat.Usage.InputTokens);
        Assert.Equal(viaHttp.Usage.OutputTokens, viaChat.Usage.OutputTokens);
        Assert.Equal(viaHttp.Usage.CacheReadInputTokens, viaChat.Usage.CacheReadInputTokens);
        Assert.Equal(viaHttp.SystemPrompt, viaChat.SystemPrompt);
        Assert.Equal(viaHttp.Conversation, viaChat.Conversation);
        Assert.Equal(viaHttp.ToolsOffered, viaChat.ToolsOffered);
        Assert.Equal(viaHttp.ToolUses, viaChat.ToolUses);
        Assert.Equal(viaHttp.StopReason, viaChat.StopReason);
        Assert.Equal(viaHttp.MaxTokens, viaChat.MaxTokens);
        Assert.Equal(viaHttp.Streamed, viaChat.Streamed);
    }

    private static string Serialize(ChatResponse response)
    {
        var copy = new ChatResponse(response.Messages) { ResponseId = response.ResponseId, ModelId = response.ModelId, FinishReason = response.FinishReason, Usage = response.Usage };
        var node = JsonSerializer.SerializeToNode(copy, AIJsonUtilities.DefaultOptions)!;
        RemoveCreatedAt(node); // the adapter stamps wall-clock times, which differ between two calls
        return node.ToJsonString();
    }

    private static void RemoveCreatedAt(System.Text.Json.Nodes.JsonNode? node)
    {
        if (node is System.Text.Json.Nodes.JsonObject obj)
        {
            obj.Remove("createdAt");
            foreach (var (_, child) in obj)
            {
                RemoveCreatedAt(child);
            }
        }
        else if (node is System.Text.Json.Nodes.JsonArray array)
        {
            foreach (var child in array)
            {
                RemoveCreatedAt(child);
            }
        }
    }
}
