using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Xunit;
using InterviewLM.Recording.TestUtils;

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
    public void Apply_SessionWithInteractions_OneLinePerInteractionWithEveryField()
    {
        var events = new RecordedEvent[]
        {
            new(0, TimeSpan.Zero, new SessionStarted("sess_1", s_start)),
            new(1, TimeSpan.FromSeconds(1), new TerminalOutput("ls\r\n")),
            new(2, TimeSpan.FromMicroseconds(2_500_250), Full()),
            new(3, TimeSpan.FromSeconds(3), new ClaudeInteraction("claude_x", "m", "p", "", ClaudeUsage.None, TimeSpan.FromMilliseconds(5)) { HttpStatus = 429, Error = "rate_limit_error: slow down" }),
        };
        var (lines, bytes) = Project(events);

        var text = Encoding.UTF8.GetString(bytes);
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

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task UseClaudeInteractions_RecordedAndRebuilt_SameBytesAsApply(int blockSize)
    {
        var events = new RecordedEvent[]
        {
            new(0, TimeSpan.Zero, new SessionStarted("sess_1", s_start)),
            new(1, TimeSpan.FromSeconds(1), new TerminalOutput("ls\r\n")),
            new(2, TimeSpan.FromSeconds(2), Full()),
            new(3, TimeSpan.FromSeconds(3), Full("second", "reply")),
            new(4, TimeSpan.FromSeconds(4), new SessionEnded("completed")),
        };

        var (recorded, rebuilt) = await ProjectionHarness.RecordAndRebuildAsync(events, static b => b.UseClaudeInteractions(), static () => new ClaudeInteractionsProjection(), blockSize);

        var (lines, expected) = Project(events);
        Assert.Equal(2, lines);
        Assert.Equal(expected, recorded.GetContent(ClaudeInteractionsProjection.FileName));
        Assert.Equal(expected, rebuilt.GetContent(ClaudeInteractionsProjection.FileName));
        Assert.Equal([ClaudeInteractionsProjection.FileName], await ProjectionHarness.ProjectionNamesAsync(rebuilt));
    }

    [Fact]
    public async Task UseClaudeInteractions_NoInteraction_WritesNoObject()
    {
        var (recorded, rebuilt) = await ProjectionHarness.RecordAndRebuildAsync(
            [new(0, TimeSpan.Zero, new SessionStarted("s", s_start)), new(1, TimeSpan.FromSeconds(1), new TerminalOutput("x"))],
            static b => b.UseClaudeInteractions(),
            static () => new ClaudeInteractionsProjection());
        Assert.Null(recorded.GetContent(ClaudeInteractionsProjection.FileName));
        Assert.Null(rebuilt.GetContent(ClaudeInteractionsProjection.FileName));
    }

    [Property(MaxTest = 200)]
    public bool Write_AnyText_LineParsesBackToTheSameValues(NonNull<string> prompt, NonNull<string> response, NonNull<string> key)
    {
        var input = JsonSerializer.Serialize(new Dictionary<string, string> { [key.Get] = response.Get });
        var events = new RecordedEvent[] { new(0, TimeSpan.Zero, new SessionStarted("s", s_start)), new(1, TimeSpan.FromSeconds(1), Full(prompt.Get, response.Get, input)) };
        var text = Encoding.UTF8.GetString(Project(events).Bytes);
        var row = JsonDocument.Parse(text).RootElement;
        return text.IndexOf('\n') == text.Length - 1 // one line, whatever the text holds
            && row.GetProperty("prompt").GetString() == prompt.Get
            && row.GetProperty("response").GetString() == response.Get
            && row.GetProperty("toolUses")[0].GetProperty("input").GetProperty(key.Get).GetString() == response.Get;
    }

    private static (int Lines, byte[] Bytes) Project(IEnumerable<RecordedEvent> events)
    {
        var projection = new ClaudeInteractionsProjection();
        foreach (var recorded in events)
        {
            projection.Apply(recorded);
        }

        return (projection.Count, projection.ToArray());
    }
}
