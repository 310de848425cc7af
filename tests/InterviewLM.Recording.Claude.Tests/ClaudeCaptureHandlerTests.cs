using System.Text;
using System.Text.Json;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;
using InterviewLM.Recording.Claude.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace InterviewLM.Recording.Claude.Tests;

public sealed class ClaudeCaptureHandlerTests
{
    private static readonly ClaudeMessage[] s_expectedConversation =
    [
        new("user", "Run the tests please"),
        new("assistant", "Running.\n[tool_use run_tests toolu_00 {\"path\":\".\"}]"),
        new("user", "[tool_result toolu_00] 3 passed\nThe tests pass."),
        new("user", "Explain this diff"),
    ];

    [Fact]
    public async Task Create_NonStreamingWithToolUse_RecordsEveryFieldAndClientSeesSameMessage()
    {
        await using var server = await FakeAnthropicServer.StartAsync();
        var clock = new FakeTimeProvider();
        var sink = new ListClaudeSink();
        var recorder = new ClaudeInteractionRecorder(sink, clock);
        server.Script = _ =>
        {
            clock.Advance(TimeSpan.FromMilliseconds(250));
            return Replies.Json(Replies.TextMessage);
        };

        using var captured = Sdk.Client(server.BaseUrl, new ClaudeCaptureHandler(recorder));
        using var plain = Sdk.Client(server.BaseUrl);
        var message = await captured.Messages.Create(Sdk.Request());
        var reference = await plain.Messages.Create(Sdk.Request());

        Assert.Equal(JsonSerializer.Serialize(reference), JsonSerializer.Serialize(message));
        var interaction = Assert.Single(sink.Items);
        var toolUse = message.Content.Select(b => b.TryPickToolUse(out var t) ? t : null).OfType<ToolUseBlock>().Single();
        Assert.Equal(message.ID, interaction.InteractionId);
        Assert.Equal(message.Model.Raw(), interaction.Model);
        Assert.Equal("claude-test-2", interaction.Model); // the response's model, which differs from the request's
        Assert.Equal("Explain this diff", interaction.Prompt);
        Assert.Equal(string.Concat(message.Content.Select(b => b.TryPickText(out var t) ? t.Text : "")), interaction.Response);
        Assert.Equal(new ClaudeUsage(message.Usage.InputTokens, message.Usage.OutputTokens, message.Usage.CacheCreationInputTokens ?? -1, message.Usage.CacheReadInputTokens ?? -1), interaction.Usage);
        Assert.Equal(TimeSpan.FromMilliseconds(250), interaction.Latency);
        Assert.Equal("You are an interviewer.", interaction.SystemPrompt);
        Assert.Equal(s_expectedConversation, interaction.Conversation.Items);
        Assert.Equal(["run_tests", "read_file"], interaction.ToolsOffered.Items.ToArray());
        var recordedTool = Assert.Single(interaction.ToolUses);
        Assert.Equal(toolUse.ID, recordedTool.Id);
        Assert.Equal(toolUse.Name, recordedTool.Name);
        Assert.Equal(JsonSerializer.Serialize(toolUse.Input), recordedTool.InputJson);
        Assert.Equal(message.StopReason!.Raw(), interaction.StopReason);
        Assert.Null(interaction.TimeToFirstToken);
        Assert.Equal(512, interaction.MaxTokens);
        Assert.False(interaction.Streamed);
        Assert.Equal(200, interaction.HttpStatus);
        Assert.Null(interaction.Error);
        Assert.False(interaction.Incomplete);
    }

    [Fact]
    public async Task CreateStreaming_TextAndToolUse_RecordsEveryFieldWithTimesAndClientSeesSameEvents()
    {
        await using var server = await FakeAnthropicServer.StartAsync();
        var clock = new FakeTimeProvider();
        var sink = new ListClaudeSink();
        var recorder = new ClaudeInteractionRecorder(sink, clock);
        using var step = new SemaphoreSlim(0);
        server.Script = _ => Replies.Sse(Replies.StreamWithToolUse()) with
        {
            // The server sends each event only when the test says so, after moving the clock: times are exact.
            BeforeEvent = e => e.Name is "message_start" or "ping" ? Task.CompletedTask : step.WaitAsync(),
        };

        using var captured = Sdk.Client(server.BaseUrl, new ClaudeCaptureHandler(recorder));
        var events = new List<RawMessageStreamEvent>();
        await using (var stream = captured.Messages.CreateStreaming(Sdk.Request()).GetAsyncEnumerator())
        {
            var advance = TimeSpan.FromMilliseconds(100);
            while (await stream.MoveNextAsync())
            {
                events.Add(stream.Current);
                clock.Advance(advance);
                advance = TimeSpan.FromMilliseconds(10);
                step.Release();
            }
        }

        server.Script = _ => Replies.Sse(Replies.StreamWithToolUse());
        using var plain = Sdk.Client(server.BaseUrl);
        var reference = new List<RawMessageStreamEvent>();
        await foreach (var e in plain.Messages.CreateStreaming(Sdk.Request()))
        {
            reference.Add(e);
        }

        Assert.Equal(reference.Select(e => JsonSerializer.Serialize(e)), events.Select(e => JsonSerializer.Serialize(e)));
        var interaction = Assert.Single(sink.Items);
        var final = await Anthropic.SseAggregatorExtensions.Aggregate(ToAsync(events));
        var toolUse = final.Content.Select(b => b.TryPickToolUse(out var t) ? t : null).OfType<ToolUseBlock>().Single();
        Assert.Equal("msg_01", interaction.InteractionId);
        Assert.Equal(final.ID, interaction.InteractionId);
        Assert.Equal("claude-test", interaction.Model);
        Assert.Equal("Explain this diff", interaction.Prompt);
        Assert.Equal("Hello wörld 😀", interaction.Response);
        Assert.Equal(string.Concat(final.Content.Select(b => b.TryPickText(out var t) ? t.Text : "")), interaction.Response);
        Assert.Equal(new ClaudeUsage(25, 42, 4, 6), interaction.Usage);
        Assert.Equal(final.Usage.OutputTokens, interaction.Usage.OutputTokens);
        // 11 gated events: the first after 100 ms, each next after 10 ms more; the first delta is the second gated event.
        Assert.Equal(TimeSpan.FromMilliseconds(110), interaction.TimeToFirstToken);
        Assert.Equal(TimeSpan.FromMilliseconds(200), interaction.Latency);
        Assert.Equal("You are an interviewer.", interaction.SystemPrompt);
        Assert.Equal(s_expectedConversation, interaction.Conversation.Items);
        Assert.Equal(["run_tests", "read_file"], interaction.ToolsOffered.Items.ToArray());
        Assert.Equal(new ClaudeToolUse("toolu_01", "run_tests", "{\"path\":\"src/a.cs\"}"), Assert.Single(interaction.ToolUses));
        Assert.Equal(toolUse.ID, interaction.ToolUses[0].Id);
        Assert.Equal(JsonSerializer.Serialize(toolUse.Input), interaction.ToolUses[0].InputJson);
        Assert.Equal("tool_use", interaction.StopReason);
        Assert.Equal(512, interaction.MaxTokens);
        Assert.True(interaction.Streamed);
        Assert.Equal(200, interaction.HttpStatus);
        Assert.Null(interaction.Error);
        Assert.False(interaction.Incomplete);
    }

    [Fact]
    public async Task CreateStreaming_ClientStopsEarly_RecordsIncompleteWithWhatWasSeen()
    {
        await using var server = await FakeAnthropicServer.StartAsync();
        var sink = new ListClaudeSink();
        var recorder = new ClaudeInteractionRecorder(sink);
        using var release = new SemaphoreSlim(0);
        server.Script = _ => Replies.Sse(Replies.StreamWithToolUse()) with
        {
            BeforeEvent = e => e.Name == "content_block_stop" ? release.WaitAsync() : Task.CompletedTask,
        };

        using var client = Sdk.Client(server.BaseUrl, new ClaudeCaptureHandler(recorder));
        var texts = new StringBuilder();
        await foreach (var e in client.Messages.CreateStreaming(Sdk.Request()))
        {
            if (e.TryPickContentBlockDelta(out var delta) && delta.Delta.TryPickText(out var text))
            {
                texts.Append(text.Text);
                if (texts.Length > 5)
                {
                    break;
                }
            }
        }

        release.Release(10);
        var interaction = Assert.Single(sink.Items);
        Assert.True(interaction.Incomplete);
        Assert.Equal(texts.ToString(), interaction.Response);
        Assert.Equal("msg_01", interaction.InteractionId);
        Assert.Null(interaction.StopReason);
        Assert.Null(interaction.Error);
        Assert.Equal(200, interaction.HttpStatus);
        Assert.Equal(new ClaudeUsage(25, 1, 4, 6), interaction.Usage);
        Assert.NotNull(interaction.TimeToFirstToken);
        Assert.Equal(0, recorder.PendingCount);
    }

    [Fact]
    public async Task CreateStreaming_ClientCancels_RecordsIncompleteCanceled()
    {
        await using var server = await FakeAnthropicServer.StartAsync();
        var sink = new ListClaudeSink();
        using var hold = new SemaphoreSlim(0);
        var sent = 0;
        server.Script = _ => Replies.Sse(Replies.StreamWithToolUse()) with
        {
            BeforeEvent = e => ++sent > 4 ? hold.WaitAsync() : Task.CompletedTask,
        };
        using var client = Sdk.Client(server.BaseUrl, new ClaudeCaptureHandler(new ClaudeInteractionRecorder(sink)));
        using var cancel = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var e in client.Messages.CreateStreaming(Sdk.Request(), cancel.Token))
            {
                if (e.TryPickContentBlockDelta(out _))
                {
                    await cancel.CancelAsync(); // the next read waits on the server and is cancelled
                }
            }
        });
        hold.Release(10);

        var interaction = Assert.Single(sink.Items);
        Assert.True(interaction.Incomplete);
        Assert.Equal("Hello", interaction.Response);
        Assert.Equal("canceled", interaction.Error);
    }

    [Theory]
    [InlineData(429, "rate_limit_error", typeof(AnthropicRateLimitException))]
    [InlineData(500, "api_error", typeof(Anthropic5xxException))]
    [InlineData(529, "overloaded_error", typeof(AnthropicOverloadedException))]
    public async Task Create_ApiError_RecordsStatusAndErrorAndClientSeesSameException(int status, string errorType, System.Type exceptionType)
    {
        await using var server = await FakeAnthropicServer.StartAsync();
        var sink = new ListClaudeSink();
        var body = "{\"type\":\"error\",\"error\":{\"type\":\"" + errorType + "\",\"message\":\"Failure number " + status + ".\"}}";
        server.Script = _ => Replies.Json(body, status) with { Headers = new Dictionary<string, string> { ["request-id"] = "req_1" } };

        using var captured = Sdk.Client(server.BaseUrl, new ClaudeCaptureHandler(new ClaudeInteractionRecorder(sink)));
        using var plain = Sdk.Client(server.BaseUrl);
        var error = await Assert.ThrowsAnyAsync<AnthropicApiException>(() => captured.Messages.Create(Sdk.Request()));
        var reference = await Assert.ThrowsAnyAsync<AnthropicApiException>(() => plain.Messages.Create(Sdk.Request()));

        Assert.IsType(exceptionType, error);
        Assert.Equal(reference.GetType(), error.GetType());
        Assert.Equal(reference.Message, error.Message);
        var interaction = Assert.Single(sink.Items);
        Assert.Equal(status, interaction.HttpStatus);
        Assert.Equal($"{errorType}: Failure number {status}.", interaction.Error);
        Assert.Equal("claude-test", interaction.Model);
        Assert.Equal("Explain this diff", interaction.Prompt);
        Assert.Equal("", interaction.Response);
        Assert.Equal(ClaudeUsage.None, interaction.Usage);
        Assert.Null(interaction.StopReason);
        Assert.False(interaction.Incomplete);
        Assert.StartsWith("claude_", interaction.InteractionId);
    }

    [Fact]
    public async Task CreateStreaming_MidStreamError_RecordsErrorAndPartialResponse()
    {
        await using var server = await FakeAnthropicServer.StartAsync();
        var sink = new ListClaudeSink();
        server.Script = _ => Replies.Sse(Replies.StreamWithMidStreamError());

        using var captured = Sdk.Client(server.BaseUrl, new ClaudeCaptureHandler(new ClaudeInteractionRecorder(sink)));
        using var plain = Sdk.Client(server.BaseUrl);
        var seen = new List<string>();
        var error = await Assert.ThrowsAsync<AnthropicSseException>(async () =>
        {
            await foreach (var e in captured.Messages.CreateStreaming(Sdk.Request()))
            {
                seen.Add(JsonSerializer.Serialize(e));
            }
        });
        var referenceSeen = new List<string>();
        var reference = await Assert.ThrowsAsync<AnthropicSseException>(async () =>
        {
            await foreach (var e in plain.Messages.CreateStreaming(Sdk.Request()))
            {
                referenceSeen.Add(JsonSerializer.Serialize(e));
            }
        });

        Assert.Equal(referenceSeen, seen);
        Assert.Equal(reference.Message, error.Message);
        var interaction = Assert.Single(sink.Items);
        Assert.Equal("overloaded_error: Overloaded", interaction.Error);
        Assert.True(interaction.Incomplete);
        Assert.Equal("Partial", interaction.Response);
        Assert.Equal("msg_03", interaction.InteractionId);
        Assert.Equal(200, interaction.HttpStatus);
        Assert.True(interaction.Streamed);
        Assert.Equal(new ClaudeUsage(9, 1), interaction.Usage);
    }

    [Fact]
    public async Task Create_ConcurrentCalls_RecordedSeparatelyInOrderTheyStarted()
    {
        await using var server = await FakeAnthropicServer.StartAsync();
        var sink = new ListClaudeSink();
        var recorder = new ClaudeInteractionRecorder(sink);
        var firstArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var secondDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Script = request =>
        {
            var prompt = request.BodyText.Contains("first", StringComparison.Ordinal) ? "first" : "second";
            var reply = Replies.Json(Replies.TextMessage.Replace("msg_02", "msg_" + prompt, StringComparison.Ordinal));
            if (prompt == "first")
            {
                firstArrived.SetResult();
                secondDone.Task.Wait(TimeSpan.FromSeconds(10)); // the first call ends after the second
            }

            return reply;
        };

        using var client = Sdk.Client(server.BaseUrl, new ClaudeCaptureHandler(recorder));
        var first = client.Messages.Create(Sdk.Request("first"));
        await firstArrived.Task;
        await client.Messages.Create(Sdk.Request("second"));
        Assert.Empty(sink.Items); // the second call waits for the first, which started earlier
        secondDone.SetResult();
        await first;

        Assert.Equal(["msg_first", "msg_second"], sink.Items.Select(i => i.InteractionId));
        Assert.Equal(["first", "second"], sink.Items.Select(i => i.Prompt));
    }

    [Fact]
    public async Task CreateAndCreateStreaming_ManyConcurrentCalls_EachRecordedOnceAndSeparately()
    {
        await using var server = await FakeAnthropicServer.StartAsync();
        var sink = new ListClaudeSink();
        var recorder = new ClaudeInteractionRecorder(sink);
        server.Script = request =>
        {
            var prompt = request.Json.GetProperty("messages")[3].GetProperty("content").GetString()!;
            return request.Json.TryGetProperty("stream", out _)
                ? Replies.Sse(Replies.StreamWithToolUse().Select(e => e with { Data = e.Data.Replace("msg_01", "msg_" + prompt, StringComparison.Ordinal) }).ToList())
                : Replies.Json(Replies.TextMessage.Replace("msg_02", "msg_" + prompt, StringComparison.Ordinal));
        };
        using var client = Sdk.Client(server.BaseUrl, new ClaudeCaptureHandler(recorder));

        var calls = Enumerable.Range(0, 24).Select(async i =>
        {
            if (i % 2 == 0)
            {
                await client.Messages.Create(Sdk.Request($"p{i}"));
            }
            else
            {
                await foreach (var _ in client.Messages.CreateStreaming(Sdk.Request($"p{i}")))
                {
                }
            }
        });
        await Task.WhenAll(calls);

        Assert.Equal(24, sink.Items.Count);
        Assert.Equal(Enumerable.Range(0, 24).Select(i => $"p{i}").Order(), sink.Items.Select(i => i.Prompt).Order());
        Assert.All(sink.Items, i => Assert.Equal("msg_" + i.Prompt, i.InteractionId));
        Assert.All(sink.Items, i => Assert.Equal(int.Parse(i.Prompt[1..]) % 2 == 1, i.Streamed));
        Assert.All(sink.Items.Where(i => i.Streamed), i => Assert.Equal("Hello wörld 😀", i.Response));
        Assert.Equal(0, recorder.PendingCount);
    }

    [Fact]
    public async Task RecordPendingAsIncomplete_StreamNeverFinished_RecordsItAndUnblocksLaterCalls()
    {
        await using var server = await FakeAnthropicServer.StartAsync();
        var sink = new ListClaudeSink();
        var recorder = new ClaudeInteractionRecorder(sink);
        using var hold = new SemaphoreSlim(0);
        var sent = 0;
        server.Script = _ => Replies.Sse(Replies.StreamWithToolUse()) with
        {
            // message_start, ping, content_block_start and the first delta go out; the rest waits.
            BeforeEvent = e => ++sent > 4 ? hold.WaitAsync() : Task.CompletedTask,
        };

        using var client = Sdk.Client(server.BaseUrl, new ClaudeCaptureHandler(recorder));
        var stream = client.Messages.CreateStreaming(Sdk.Request()).GetAsyncEnumerator();
        while (await stream.MoveNextAsync() && !stream.Current.TryPickContentBlockDelta(out _))
        {
        }

        server.Script = _ => Replies.Json(Replies.TextMessage);
        await client.Messages.Create(Sdk.Request("later"));
        Assert.Equal(2, recorder.PendingCount);

        Assert.Equal(1, recorder.RecordPendingAsIncomplete());

        Assert.Equal(0, recorder.PendingCount);
        Assert.Equal(["msg_01", "msg_02"], sink.Items.Select(i => i.InteractionId));
        Assert.True(sink.Items[0].Incomplete);
        Assert.Equal("Hello", sink.Items[0].Response);
        Assert.False(sink.Items[1].Incomplete);
        hold.Release(10);
        await stream.DisposeAsync();
        Assert.Equal(2, sink.Items.Count); // finishing later records nothing twice
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    [InlineData("deflate")]
    public async Task SendAsync_CompressedJson_ClientGetsSameBytesAndCaptureReadsThem(string encoding)
    {
        var plain = Encoding.UTF8.GetBytes(Replies.TextMessage);
        var compressed = Compress(plain, encoding);
        var sink = new ListClaudeSink();
        using var http = new HttpClient(new ClaudeCaptureHandler(new ClaudeInteractionRecorder(sink), new StubHandler(() =>
        {
            var content = new ByteArrayContent(compressed);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            content.Headers.ContentEncoding.Add(encoding);
            return new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = content };
        })));

        using var response = await http.PostAsync("http://fake/v1/messages", new StringContent("""{"model":"m","max_tokens":9,"messages":[{"role":"user","content":"zip"}]}"""));

        Assert.Equal(compressed, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
        var interaction = Assert.Single(sink.Items);
        Assert.Equal(("msg_02", "zip", "Hi there. Run the tests.", 9), (interaction.InteractionId, interaction.Prompt, interaction.Response, interaction.MaxTokens));
    }

    [Fact]
    public async Task SendAsync_NonJsonErrorPageAndOtherPaths_PassedOnUnchanged()
    {
        var sink = new ListClaudeSink();
        const string page = "<html>bad gateway</html>";
        using var http = new HttpClient(new ClaudeCaptureHandler(new ClaudeInteractionRecorder(sink), new StubHandler(() =>
            new HttpResponseMessage(System.Net.HttpStatusCode.BadGateway) { Content = new StringContent(page) })));

        using var failed = await http.PostAsync("http://fake/v1/messages", new StringContent("not json"));
        using var other = await http.PostAsync("http://fake/v1/messages/count_tokens", new StringContent("{}"));
        using var get = await http.GetAsync("http://fake/v1/models");

        Assert.Equal(page, await failed.Content.ReadAsStringAsync());
        Assert.Equal(page, await other.Content.ReadAsStringAsync());
        var interaction = Assert.Single(sink.Items); // only the Messages call is recorded
        Assert.Equal((502, null, "", ""), (interaction.HttpStatus, interaction.Error, interaction.Prompt, interaction.Model));
        Assert.False(interaction.Incomplete);
    }

    private static byte[] Compress(byte[] data, string encoding)
    {
        using var output = new MemoryStream();
        using (Stream compressor = encoding switch
        {
            "gzip" => new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true),
            "br" => new System.IO.Compression.BrotliStream(output, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true),
            _ => new System.IO.Compression.ZLibStream(output, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true),
        })
        {
            compressor.Write(data);
        }

        return output.ToArray();
    }

    private sealed class StubHandler(Func<HttpResponseMessage> respond) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => Task.FromResult(respond());
    }

    private static async IAsyncEnumerable<T> ToAsync<T>(IEnumerable<T> items)
    {
        foreach (var item in items)
        {
            yield return item;
            await Task.Yield();
        }
    }
}
