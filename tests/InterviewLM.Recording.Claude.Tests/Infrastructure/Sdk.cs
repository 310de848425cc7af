using System.Text.Json;
using Anthropic;
using Anthropic.Models.Messages;

namespace InterviewLM.Recording.Claude.Tests.Infrastructure;

/// <summary>Builds official-SDK clients and requests for the tests.</summary>
public static class Sdk
{
    /// <summary>The API key every test client sends; it must never appear in anything recorded.</summary>
    public const string ApiKey = "sk-ant-api03-TESTKEY-Zq8vN3xR5tW7yA9bC1dE3fG5hJ7kL9mN";

    public static AnthropicClient Client(string baseUrl, DelegatingHandler? handler = null) => new()
    {
        BaseUrl = baseUrl,
        ApiKey = ApiKey,
        MaxRetries = 0,
        Handlers = handler is null ? [] : [handler],
    };

    public static IReadOnlyDictionary<string, JsonElement> Raw(string json)
        => JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;

    /// <summary>A request with a system prompt, a three-turn conversation (one turn a tool result) and two tools.</summary>
    public static MessageCreateParams Request(string lastPrompt = "Explain this diff") => new()
    {
        Model = "claude-test",
        MaxTokens = 512,
        System = "You are an interviewer.",
        Messages =
        [
            new UserMessageParam("Run the tests please"),
            AssistantMessageParam.FromRawUnchecked(Raw("""{"role":"assistant","content":[{"type":"text","text":"Running."},{"type":"tool_use","id":"toolu_00","name":"run_tests","input":{"path":"."}}]}""")),
            UserMessageParam.FromRawUnchecked(Raw("""{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_00","content":"3 passed"},{"type":"text","text":"The tests pass."}]}""")),
            new UserMessageParam(lastPrompt),
        ],
        Tools =
        [
            Tool.FromRawUnchecked(Raw("""{"name":"run_tests","description":"Runs the tests","input_schema":{"type":"object","properties":{"path":{"type":"string"}}}}""")),
            Tool.FromRawUnchecked(Raw("""{"name":"read_file","input_schema":{"type":"object","properties":{"path":{"type":"string"}}}}""")),
        ],
    };
}
