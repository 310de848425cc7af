using System.Net;
using System.Text;
using System.Text.Json;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;
using InterviewLM.Recording.Claude.Tests.Infrastructure;

namespace InterviewLM.Recording.Claude.Tests;

public sealed class ClaudeRecordingProxyTests
{
    [Fact]
    public async Task StartAsync_SdkPointedAtProxy_RecordsEveryCallAndSdkSeesSameResults()
    {
        await using var server = await FakeAnthropicServer.StartAsync();
        var sink = new ListEventSink();
        var session = SessionRecorder.Start(sink);
        await using var proxy = await ClaudeRecordingProxy.StartAsync(new Uri(server.BaseUrl), session);
        Assert.Equal("127.0.0.1", proxy.BaseUrl.Host);
        Assert.NotEqual(new Uri(server.BaseUrl).Port, proxy.BaseUrl.Port);

        using var viaProxy = Sdk.Client(proxy.BaseUrl.ToString().TrimEnd('/'));
        using var direct = Sdk.Client(server.BaseUrl);
        var message = await viaProxy.Messages.Create(Sdk.Request());
        var reference = await direct.Messages.Create(Sdk.Request());
        server.Script = _ => Replies.Sse(Replies.StreamWithToolUse());
        var events = await CollectAsync(viaProxy.Messages.CreateStreaming(Sdk.Request("streamed")));
        var referenceEvents = await CollectAsync(direct.Messages.CreateStreaming(Sdk.Request("streamed")));
        server.Script = _ => Replies.Json(Replies.RateLimitError, 429);
        var error = await Assert.ThrowsAsync<AnthropicRateLimitException>(() => viaProxy.Messages.Create(Sdk.Request("limited")));
        var referenceError = await Assert.ThrowsAsync<AnthropicRateLimitException>(() => direct.Messages.Create(Sdk.Request("limited")));
        await session.CompleteAsync();

        Assert.Equal(JsonSerializer.Serialize(reference), JsonSerializer.Serialize(message));
        Assert.Equal(referenceEvents, events);
        Assert.Equal(referenceError.Message, error.Message);
        // The upstream got what the client sent, credentials included.
        var forwarded = server.Requests.ToArray();
        Assert.Equal(forwarded[1].BodyText, forwarded[0].BodyText);
        Assert.Equal("Bearer " + Sdk.ApiKey, forwarded[0].Headers["authorization"]);
        Assert.Equal(forwarded[1].Headers["anthropic-version"], forwarded[0].Headers["anthropic-version"]);
        Assert.False(forwarded[0].Headers.ContainsKey("accept-encoding"));

        var interactions = sink.Events.Select(e => e.Event).OfType<ClaudeInteraction>().ToList();
        Assert.Equal(3, interactions.Count);
        Assert.Equal(("msg_02", "Explain this diff", "Hi there. Run the tests.", false, 200), (interactions[0].InteractionId, interactions[0].Prompt, interactions[0].Response, interactions[0].Streamed, interactions[0].HttpStatus));
        Assert.Equal(new ClaudeUsage(11, 7, 5, 3), interactions[0].Usage);
        Assert.Equal(("msg_01", "streamed", "Hello wörld 😀", true, "tool_use"), (interactions[1].InteractionId, interactions[1].Prompt, interactions[1].Response, interactions[1].Streamed, interactions[1].StopReason));
        Assert.Equal(new ClaudeToolUse("toolu_01", "run_tests", "{\"path\":\"src/a.cs\"}"), Assert.Single(interactions[1].ToolUses));
        Assert.NotNull(interactions[1].TimeToFirstToken);
        Assert.Equal((429, "rate_limit_error: Number of requests has exceeded your rate limit."), (interactions[2].HttpStatus, interactions[2].Error));
        foreach (var recorded in sink.Events)
        {
            Assert.DoesNotContain(Sdk.ApiKey, JsonSerializer.Serialize(recorded.Event, recorded.Event.GetType()), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Forward_EventStream_PassedOnUnbufferedAndByteForByte()
    {
        await using var server = await FakeAnthropicServer.StartAsync();
        var sink = new ListClaudeSink();
        using var gate = new SemaphoreSlim(0);
        server.Script = _ => Replies.Sse(Replies.StreamWithToolUse()) with
        {
            BeforeEvent = e => e.Name == "message_start" ? Task.CompletedTask : gate.WaitAsync(),
        };
        await using var proxy = await ClaudeRecordingProxy.StartAsync(new Uri(server.BaseUrl + "/"), new ClaudeInteractionRecorder(sink));
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(proxy.BaseUrl, "v1/messages?beta=true"))
        {
            Content = new StringContent("""{"model":"claude-test","max_tokens":5,"stream":true,"messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-api-key", Sdk.ApiKey);

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var received = new MemoryStream();
        var first = Encoding.UTF8.GetByteCount(Replies.StreamWithToolUse()[0].ToWire());
        var buffer = new byte[64];
        while (received.Length < first)
        {
            var n = await body.ReadAsync(buffer);
            Assert.True(n > 0);
            received.Write(buffer, 0, n); // arrives while the upstream is still held: nothing is buffered on the way
        }

        gate.Release(100);
        await body.CopyToAsync(received);

        Assert.Equal(string.Concat(Replies.StreamWithToolUse().Select(e => e.ToWire())), Encoding.UTF8.GetString(received.ToArray()));
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var upstreamRequest = Assert.Single(server.Requests);
        Assert.Equal(("/v1/messages", "?beta=true", Sdk.ApiKey), (upstreamRequest.Path, upstreamRequest.Query, upstreamRequest.Headers["x-api-key"]));
        var interaction = Assert.Single(sink.Items);
        Assert.Equal(("hi", "Hello wörld 😀", false), (interaction.Prompt, interaction.Response, interaction.Incomplete));
    }

    [Fact]
    public async Task Forward_UpstreamUnreachable_Returns502AndRecordsTheFailure()
    {
        var sink = new ListClaudeSink();
        int deadPort;
        using (var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            deadPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        await using var proxy = await ClaudeRecordingProxy.StartAsync(new Uri($"http://127.0.0.1:{deadPort}"), new ClaudeInteractionRecorder(sink));
        using var http = new HttpClient();
        using var response = await http.PostAsync(new Uri(proxy.BaseUrl, "v1/messages"), new StringContent("""{"model":"m","max_tokens":1,"messages":[{"role":"user","content":"hi"}]}"""));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("\"type\":\"error\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var interaction = Assert.Single(sink.Items);
        Assert.Null(interaction.HttpStatus);
        Assert.StartsWith("HttpRequestException", interaction.Error, StringComparison.Ordinal);
        Assert.True(interaction.Incomplete);
    }

    [Fact]
    public async Task StartAsync_RelativeUpstream_Throws()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => ClaudeRecordingProxy.StartAsync(new Uri("/relative", UriKind.Relative), new ClaudeInteractionRecorder(new ListClaudeSink())));
    }

    private static async Task<List<string>> CollectAsync(IAsyncEnumerable<RawMessageStreamEvent> events)
    {
        var result = new List<string>();
        await foreach (var e in events)
        {
            result.Add(JsonSerializer.Serialize(e));
        }

        return result;
    }
}
