namespace InterviewLM.Recording.Claude.Tests.Infrastructure;

/// <summary>Wire-format replies, shaped exactly as the Messages API sends them.</summary>
public static class Replies
{
    private static readonly System.Text.Json.JsonSerializerOptions s_relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public const string TextMessage =
        """{"id":"msg_02","type":"message","role":"assistant","model":"claude-test-2","content":[{"type":"text","text":"Hi there. "},{"type":"text","text":"Run the tests."},{"type":"tool_use","id":"toolu_02","name":"run_tests","input":{"path":"src/a.cs", "verbose": true}}],"stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":11,"output_tokens":7,"cache_creation_input_tokens":5,"cache_read_input_tokens":3}}""";

    public const string RateLimitError = """{"type":"error","error":{"type":"rate_limit_error","message":"Number of requests has exceeded your rate limit."}}""";

    public const string OverloadedError = """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""";

    public static Reply Json(string body, int status = 200) => new(status, body, null);

    public static Reply Sse(IReadOnlyList<SseEvent> events) => new(200, null, events);

    /// <summary>A streamed reply with two text deltas and a tool call whose input arrives in fragments.</summary>
    public static IReadOnlyList<SseEvent> StreamWithToolUse() =>
    [
        new("message_start", """{"type":"message_start","message":{"id":"msg_01","type":"message","role":"assistant","model":"claude-test","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":25,"output_tokens":1,"cache_creation_input_tokens":4,"cache_read_input_tokens":6}}}"""),
        new("ping", """{"type": "ping"}"""),
        new("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"""),
        new("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}"""),
        new("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" w\u00f6rld \ud83d\ude00"}}"""),
        new("content_block_stop", """{"type":"content_block_stop","index":0}"""),
        new("content_block_start", """{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_01","name":"run_tests","input":{}}}"""),
        new("content_block_delta", """{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":""}}"""),
        new("content_block_delta", """{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"path\": \"src/"}}"""),
        new("content_block_delta", """{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"a.cs\"}"}}"""),
        new("content_block_stop", """{"type":"content_block_stop","index":1}"""),
        new("message_delta", """{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":42}}"""),
        new("message_stop", """{"type":"message_stop"}"""),
    ];

    /// <summary><see cref="StreamWithToolUse"/> with its text deltas replaced by <paramref name="texts"/>, escaped as the API escapes them (raw UTF-8 where it may).</summary>
    public static IReadOnlyList<SseEvent> StreamWithTexts(IEnumerable<string> texts)
    {
        var template = StreamWithToolUse();
        return
        [
            .. template.Take(3),
            .. texts.Select(t => new SseEvent("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":" + System.Text.Json.JsonSerializer.Serialize(t, s_relaxed) + "}}")),
            .. template.Skip(5),
        ];
    }

    /// <summary>A streamed reply that fails part-way with an <c>error</c> event.</summary>
    public static IReadOnlyList<SseEvent> StreamWithMidStreamError() =>
    [
        new("message_start", """{"type":"message_start","message":{"id":"msg_03","type":"message","role":"assistant","model":"claude-test","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":9,"output_tokens":1}}}"""),
        new("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"""),
        new("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Partial"}}"""),
        new("error", OverloadedError),
    ];
}
