using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Anthropic.Models.Messages;
using FsCheck;
using FsCheck.Xunit;
using InterviewLM.Recording.Claude.Internal;
using InterviewLM.Recording.Claude.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace InterviewLM.Recording.Claude.Tests;

/// <summary>
/// A long event stream: past its first bytes the capture only copies each read and parses the copy once the stream ends,
/// off the client's thread. What the client receives and what is recorded are those of a stream parsed as it passes.
/// </summary>
public sealed class DeferredParseCaptureTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);

    [Property(MaxTest = 100)]
    public bool ReadToTheEnd_AnyInlineLimitAnyReadSize_SameBytesAndInteractionAsParsedInline(NonNull<string>[] texts, NonNegativeInt limit, PositiveInt readSize)
    {
        var wire = Wire(texts.Select(t => t.Get), out var expectedText);
        var size = (readSize.Get % 3000) + 1;
        var inline = Capture(wire, size, int.MaxValue);
        var deferred = Capture(wire, size, limit.Get % (wire.Length + 1));
        return deferred.Received.AsSpan().SequenceEqual(wire) && inline.Received.AsSpan().SequenceEqual(wire)
            && deferred.Interaction == inline.Interaction
            && deferred.Interaction.Response == expectedText && !deferred.Interaction.Incomplete;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1000)]
    [InlineData(int.MaxValue)]
    public void ReadToTheEnd_TimesAreThoseOfTheReads(int inlineParseBytes)
    {
        var wire = Wire(Enumerable.Range(0, 400).Select(i => $"word {i} "), out _);
        const int readSize = 512;

        var (interaction, _) = Capture(wire, readSize, inlineParseBytes);

        // Read k happens at k ms: the first token arrives with the first delta's data line, message_stop in the last read with bytes.
        var firstDelta = wire.AsSpan().IndexOf("data: {\"type\":\"content_block_delta\""u8);
        var firstDeltaLineEnd = firstDelta + wire.AsSpan(firstDelta).IndexOf((byte)'\n') + 1;
        Assert.True(firstDeltaLineEnd > readSize); // not in the first read
        Assert.Equal(TimeSpan.FromMilliseconds((firstDeltaLineEnd + readSize - 1) / readSize), interaction.TimeToFirstToken);
        Assert.Equal(TimeSpan.FromMilliseconds((wire.Length + readSize - 1) / readSize), interaction.Latency);
    }

    [Fact]
    public async Task Sdk_StreamOfAMegabyte_SdkSeesTheSameEventsAndTheWholeResponseIsRecorded()
    {
        var texts = Enumerable.Range(0, 12_000).Select(i => $"word {i} of a long and thoughtful answer, ").ToList();
        var events = Replies.StreamWithTexts(texts);
        await using var server = await FakeAnthropicServer.StartAsync();
        server.Script = _ => Replies.Sse(events);
        var sink = new ListClaudeSink();
        var recorder = new ClaudeInteractionRecorder(sink);
        var handler = new ClaudeCaptureHandler(recorder);
        Assert.True(string.Concat(events.Select(e => e.ToWire())).Length > 10 * ClaudeCallCapture.DefaultInlineParseBytes);

        var plain = await StreamedEventsAsync(Sdk.Client(server.BaseUrl));
        var captured = await StreamedEventsAsync(Sdk.Client(server.BaseUrl, handler));

        Assert.Equal(plain, captured);
        Assert.True(SpinWait.SpinUntil(() => recorder.RecordedCount == 1, s_wait));
        var interaction = Assert.Single(sink.Items);
        Assert.Equal(string.Concat(texts), interaction.Response);
        Assert.Equal("tool_use", interaction.StopReason);
        Assert.Equal("""{"path":"src/a.cs"}""", Assert.Single(interaction.ToolUses).InputJson);
        Assert.Equal(42, interaction.Usage.OutputTokens);
        Assert.False(interaction.Incomplete);
        Assert.NotNull(interaction.TimeToFirstToken);
        Assert.True(interaction.Latency >= interaction.TimeToFirstToken);
    }

    [Fact]
    public async Task RecordPendingAsIncomplete_RightAfterTheEnd_RecordsTheCallCompleteOnce()
    {
        var wire = Wire(Enumerable.Range(0, 2000).Select(i => $"word {i} "), out var text);
        var sink = new ListClaudeSink();
        var recorder = new ClaudeInteractionRecorder(sink);
        using var http = new HttpClient(new ClaudeCaptureHandler(recorder, new StreamingInnerHandler(wire)) { InlineParseBytes = 0 });
        using var response = await StreamingInnerHandler.SendAsync(http);
        await using (var body = await response.Content.ReadAsStreamAsync())
        {
            await body.CopyToAsync(Stream.Null);
        }

        // Whether the thread pool or this call parses the copy first, the call is recorded once, complete.
        Assert.Equal(0, recorder.RecordPendingAsIncomplete());
        Assert.True(SpinWait.SpinUntil(() => recorder.PendingCount == 0, s_wait));
        var interaction = Assert.Single(sink.Items);
        Assert.False(interaction.Incomplete);
        Assert.Equal(text, interaction.Response);
        Thread.Sleep(50);
        Assert.Single(sink.Items);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AbandonedPartWay_RecordsIncompleteWithEverythingTheClientReceived(bool byDispose)
    {
        var wire = Wire(Enumerable.Range(0, 3000).Select(i => $"word {i} "), out _);
        const int received = 40_000;
        var sink = new ListClaudeSink();
        var recorder = new ClaudeInteractionRecorder(sink);
        using var http = new HttpClient(new ClaudeCaptureHandler(recorder, new StreamingInnerHandler(wire)) { InlineParseBytes = 1000 });
        using var response = await StreamingInnerHandler.SendAsync(http);
        var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[1000];
        for (var read = 0; read < received; read += buffer.Length)
        {
            await body.ReadExactlyAsync(buffer); // reads past the first 1,000 bytes are only copied aside
        }

        if (byDispose)
        {
            await body.DisposeAsync();
            Assert.True(SpinWait.SpinUntil(() => recorder.RecordedCount == 1, s_wait));
        }
        else
        {
            Assert.Equal(1, recorder.RecordPendingAsIncomplete()); // the client holds the stream and reads no more
        }

        var interaction = Assert.Single(sink.Items);
        Assert.True(interaction.Incomplete);
        Assert.Null(interaction.StopReason);
        Assert.Equal(TextBefore(wire, received), interaction.Response);
        await body.DisposeAsync();
    }

    [Fact]
    public async Task ReadFails_RecordsIncompleteWithTheError()
    {
        var wire = Wire(Enumerable.Range(0, 3000).Select(i => $"word {i} "), out _);
        var sink = new ListClaudeSink();
        var recorder = new ClaudeInteractionRecorder(sink);
        using var http = new HttpClient(new ClaudeCaptureHandler(recorder, new StreamingInnerHandler(wire, failAfter: 30_000)) { InlineParseBytes = 1000 });
        using var response = await StreamingInnerHandler.SendAsync(http);
        await using var body = await response.Content.ReadAsStreamAsync();

        var buffer = new byte[1000];
        await Assert.ThrowsAsync<IOException>(async () =>
        {
            while (await body.ReadAsync(buffer) > 0)
            {
            }
        });

        Assert.True(SpinWait.SpinUntil(() => recorder.RecordedCount == 1, s_wait));
        var interaction = Assert.Single(sink.Items);
        Assert.True(interaction.Incomplete);
        Assert.Equal("IOException: connection reset", interaction.Error);
        Assert.Equal(TextBefore(wire, 30_000), interaction.Response);
    }

    [Fact]
    public async Task LongCallThenShortCall_RecordedInTheOrderTheyStarted()
    {
        var longWire = Wire(Enumerable.Range(0, 3000).Select(i => $"long {i} "), out var longText);
        var shortWire = Wire(["short"], out _);
        var sink = new ListClaudeSink();
        var recorder = new ClaudeInteractionRecorder(sink);
        using var longHttp = new HttpClient(new ClaudeCaptureHandler(recorder, new StreamingInnerHandler(longWire)) { InlineParseBytes = 0 });
        using var shortHttp = new HttpClient(new ClaudeCaptureHandler(recorder, new StreamingInnerHandler(shortWire)));

        using var longResponse = await StreamingInnerHandler.SendAsync(longHttp);
        using var shortResponse = await StreamingInnerHandler.SendAsync(shortHttp);
        await (await shortResponse.Content.ReadAsStreamAsync()).CopyToAsync(Stream.Null);
        Assert.Empty(sink.Items); // the short call waits for the long one, which started first
        await (await longResponse.Content.ReadAsStreamAsync()).CopyToAsync(Stream.Null);

        Assert.True(SpinWait.SpinUntil(() => recorder.RecordedCount == 2, s_wait));
        Assert.Equal([longText, "short"], sink.Items.Select(i => i.Response));
    }

    [Fact]
    public async Task SessionCompletedRightAfterTheStreams_EveryCallStoredBeforeTheEnd()
    {
        // The host completes the session without RecordPendingAsIncomplete: one call has just ended (its copy not parsed
        // yet, perhaps), another is still open.
        var wire = Wire(Enumerable.Range(0, 3000).Select(i => $"word {i} "), out var text);
        var events = new ListEventSink();
        var session = SessionRecorder.Start(events);
        var recorder = new ClaudeInteractionRecorder(session);
        using var ended = new HttpClient(new ClaudeCaptureHandler(recorder, new StreamingInnerHandler(wire)) { InlineParseBytes = 0 });
        using var open = new HttpClient(new ClaudeCaptureHandler(recorder, new StreamingInnerHandler(wire)) { InlineParseBytes = 0 });
        using var endedResponse = await StreamingInnerHandler.SendAsync(ended);
        await (await endedResponse.Content.ReadAsStreamAsync()).CopyToAsync(Stream.Null);
        using var openResponse = await StreamingInnerHandler.SendAsync(open);
        var openBody = await openResponse.Content.ReadAsStreamAsync();
        var buffer = new byte[1000];
        for (var read = 0; read < 40_000; read += buffer.Length)
        {
            await openBody.ReadExactlyAsync(buffer);
        }

        await session.CompleteAsync();

        var stored = events.Events.Select(e => e.Event).ToList();
        Assert.IsType<SessionEnded>(stored[^1]);
        var calls = stored.OfType<ClaudeInteraction>().ToList();
        Assert.Equal(2, calls.Count);
        Assert.False(calls[0].Incomplete);
        Assert.Equal(text, calls[0].Response);
        Assert.True(calls[1].Incomplete);
        Assert.Equal(TextBefore(wire, 40_000), calls[1].Response);
        await openBody.DisposeAsync();
        Assert.Equal(0, recorder.FailedCount); // nothing tried to record after the end
    }

    [Fact]
    public void StreamLongerThanWhatIsKeptAside_ParsedInPiecesAndRecordedWhole()
    {
        // 6 MB, past the 4 MiB the capture keeps aside before parsing on the client's thread.
        var texts = Enumerable.Range(0, 60_000).Select(i => $"word {i} of a very long answer indeed, ").ToList();
        var wire = Wire(texts, out var text);
        Assert.True(wire.Length > 6_000_000);

        var (interaction, received) = Capture(wire, 16 * 1024, ClaudeCallCapture.DefaultInlineParseBytes);

        Assert.Equal(wire.Length, received.Length);
        Assert.Equal(text, interaction.Response);
        Assert.False(interaction.Incomplete);
        Assert.Equal("tool_use", interaction.StopReason);
    }

    // Reads the whole stream through a capture parsing at most inlineParseBytes as they pass, one read per ms of a fake clock.
    private static (ClaudeInteraction Interaction, byte[] Received) Capture(byte[] wire, int readSize, int inlineParseBytes)
    {
        var clock = new FakeTimeProvider();
        var sink = new ListClaudeSink();
        var recorder = new ClaudeInteractionRecorder(sink, clock);
        using var http = new HttpClient(new ClaudeCaptureHandler(recorder, new StreamingInnerHandler(wire)) { InlineParseBytes = inlineParseBytes });
        using var response = StreamingInnerHandler.SendAsync(http).GetAwaiter().GetResult();
        var received = new MemoryStream();
        using (var body = response.Content.ReadAsStream())
        {
            var buffer = new byte[readSize];
            while (true)
            {
                clock.Advance(TimeSpan.FromMilliseconds(1));
                var n = body.Read(buffer);
                if (n == 0)
                {
                    break;
                }

                received.Write(buffer, 0, n);
            }
        }

        Assert.True(SpinWait.SpinUntil(() => recorder.RecordedCount == 1, s_wait));
        return (Assert.Single(sink.Items), received.ToArray());
    }

    private static async Task<List<string>> StreamedEventsAsync(Anthropic.AnthropicClient client)
    {
        using (client)
        {
            var events = new List<string>();
            await foreach (var e in client.Messages.CreateStreaming(Sdk.Request()))
            {
                events.Add(JsonSerializer.Serialize(e));
            }

            return events;
        }
    }

    private static byte[] Wire(IEnumerable<string> texts, out string text)
    {
        var usable = texts.Where(t => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(t)) == t).ToList(); // lone surrogates are not text an API sends
        text = string.Concat(usable);
        return Encoding.UTF8.GetBytes(string.Concat(Replies.StreamWithTexts(usable).Select(e => e.ToWire())));
    }

    // The text of every delta whose data line ended within the first `offset` bytes.
    private static string TextBefore(byte[] wire, int offset)
    {
        var lines = Encoding.UTF8.GetString(wire, 0, offset).Split('\n');
        var text = new StringBuilder();
        foreach (var line in lines[..^1].Where(l => l.StartsWith("data: ", StringComparison.Ordinal)))
        {
            using var json = JsonDocument.Parse(line["data: ".Length..]);
            if (json.RootElement.GetProperty("type").GetString() == "content_block_delta"
                && json.RootElement.GetProperty("delta").TryGetProperty("text", out var t))
            {
                text.Append(t.GetString());
            }
        }

        return text.ToString();
    }
}
