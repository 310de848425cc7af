using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Xunit;

namespace InterviewLM.Recording.Claude.Tests;

public sealed class ClaudeInteractionsProjectionTests
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    private static ClaudeInteraction Full(string prompt = "Explain this diff", string response = "Because.", string input = "{\"path\":\"src/a.cs\"}") =>
        new("msg_01", "claude-test", prompt, response, new ClaudeUsage(25, 42, 4, 6), TimeSpan.FromMicroseconds(200_123))
        {
            SystemPrompt = "You are an interviewer.",
            Conversation = new ClaudeMessage[] { new("user", prompt) },
            ToolsOffered = new[] { "run_tests", "read_file" },
            ToolUses = new ClaudeToolUse[] { new("toolu_01", "run_tests", input) },
            StopReason = "tool_use",
            TimeToFirstToken = TimeSpan.FromMicroseconds(110_500),
            MaxTokens = 512,
            Streamed = true,
            HttpStatus = 200,
        };

    [Fact]
    public void Write_SessionWithInteractions_OneLinePerInteractionWithEveryField()
    {
        var events = new RecordedEvent[]
        {
            new(0, TimeSpan.Zero, new SessionStarted("sess_1", s_start)),
            new(1, TimeSpan.FromSeconds(1), new TerminalOutput("ls\r\n")),
            new(2, TimeSpan.FromMicroseconds(2_500_250), Full()),
            new(3, TimeSpan.FromSeconds(3), new ClaudeInteraction("claude_x", "m", "p", "", ClaudeUsage.None, TimeSpan.FromMilliseconds(5)) { HttpStatus = 429, Error = "rate_limit_error: slow down" }),
        };
        using var output = new MemoryStream();

        var lines = ClaudeInteractionsProjection.Write(events, output);

        var text = Encoding.UTF8.GetString(output.ToArray());
        Assert.Equal(2, lines);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        var rows = text.TrimEnd('\n').Split('\n').Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        var row = rows[0];
        Assert.Equal("msg_01", row.GetProperty("id").GetString());
        Assert.Equal("sess_1", row.GetProperty("sessionId").GetString());
        Assert.Equal(s_start.ToUnixTimeMilliseconds() + 2500, row.GetProperty("timestamp").GetInt64());
        Assert.Equal("Explain this diff", row.GetProperty("prompt").GetString());
        Assert.Equal("Because.", row.GetProperty("response").GetString());
        Assert.Equal("claude-test", row.GetProperty("model").GetString());
        Assert.Equal(25, row.GetProperty("inputTokens").GetInt64());
        Assert.Equal(42, row.GetProperty("outputTokens").GetInt64());
        Assert.Equal(200.123, row.GetProperty("latency").GetDouble());
        Assert.Equal("tool_use", row.GetProperty("stopReason").GetString());
        Assert.Equal(4, row.GetProperty("cacheCreationInputTokens").GetInt64());
        Assert.Equal(6, row.GetProperty("cacheReadInputTokens").GetInt64());
        Assert.Equal(110.5, row.GetProperty("timeToFirstToken").GetDouble());
        Assert.Equal(200, row.GetProperty("status").GetInt32());
        var tool = Assert.Single(row.GetProperty("toolUses").EnumerateArray().ToArray());
        Assert.Equal(("toolu_01", "run_tests", "src/a.cs"), (tool.GetProperty("id").GetString(), tool.GetProperty("name").GetString(), tool.GetProperty("input").GetProperty("path").GetString()));
        Assert.Equal(["run_tests", "read_file"], row.GetProperty("toolsOffered").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(512, row.GetProperty("maxTokens").GetInt32());
        Assert.True(row.GetProperty("streamed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, row.GetProperty("error").ValueKind);
        Assert.False(row.GetProperty("incomplete").GetBoolean());
        Assert.Equal("You are an interviewer.", row.GetProperty("systemPrompt").GetString());
        Assert.Equal(2, row.GetProperty("sequence").GetInt64());
        Assert.Equal(2_500_250, row.GetProperty("time").GetInt64());
        Assert.Equal((429, "rate_limit_error: slow down", JsonValueKind.Null, JsonValueKind.Null), (rows[1].GetProperty("status").GetInt32(), rows[1].GetProperty("error").GetString(), rows[1].GetProperty("stopReason").ValueKind, rows[1].GetProperty("timeToFirstToken").ValueKind));
    }

    [Fact]
    public async Task WriteAsync_SameEvents_SameBytesAsWrite()
    {
        var events = new RecordedEvent[] { new(0, TimeSpan.Zero, new SessionStarted("sess_1", s_start)), new(1, TimeSpan.FromSeconds(2), Full()) };
        using var sync = new MemoryStream();
        using var async = new MemoryStream();

        ClaudeInteractionsProjection.Write(events, sync);
        var lines = await ClaudeInteractionsProjection.WriteAsync(ToAsync(events), async);

        Assert.Equal(1, lines);
        Assert.Equal(sync.ToArray(), async.ToArray());
    }

    [Property(MaxTest = 200)]
    public bool Write_AnyText_LineParsesBackToTheSameValues(NonNull<string> prompt, NonNull<string> response, NonNull<string> key)
    {
        var input = JsonSerializer.Serialize(new Dictionary<string, string> { [key.Get] = response.Get });
        var events = new RecordedEvent[] { new(0, TimeSpan.Zero, new SessionStarted("s", s_start)), new(1, TimeSpan.FromSeconds(1), Full(prompt.Get, response.Get, input)) };
        using var output = new MemoryStream();
        ClaudeInteractionsProjection.Write(events, output);

        var text = Encoding.UTF8.GetString(output.ToArray());
        var row = JsonDocument.Parse(text).RootElement;
        return text.IndexOf('\n') == text.Length - 1 // one line, whatever the text holds
            && row.GetProperty("prompt").GetString() == prompt.Get
            && row.GetProperty("response").GetString() == response.Get
            && row.GetProperty("toolUses")[0].GetProperty("input").GetProperty(key.Get).GetString() == response.Get;
    }

    private static async IAsyncEnumerable<RecordedEvent> ToAsync(IEnumerable<RecordedEvent> events)
    {
        foreach (var e in events)
        {
            await Task.Yield();
            yield return e;
        }
    }
}
