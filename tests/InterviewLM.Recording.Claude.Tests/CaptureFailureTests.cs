using System.Diagnostics;
using System.Text;
using System.Text.Json;
using InterviewLM.Recording.Claude.Tests.Infrastructure;
using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Claude.Tests;

/// <summary>A call the capture could not record whole is a <see cref="CaptureFailed"/> event in the session, with its reason: nothing is missing silently.</summary>
public sealed class CaptureFailureTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);

    // StreamWithToolUse with an event whose data is not JSON after the first text delta ("Hello").
    private static byte[] MalformedWire()
    {
        var events = Replies.StreamWithToolUse().ToList();
        events.Insert(4, new SseEvent("content_block_delta", "{oops"));
        return Encoding.UTF8.GetBytes(string.Concat(events.Select(e => e.ToWire())));
    }

    private static async Task<(List<RecordedEvent> Events, ClaudeInteractionRecorder Recorder, SessionRecorder Session)> CaptureAsync(HttpMessageHandler upstream, int inlineParseBytes, int expectedFailures, Func<Stream, Task> read)
    {
        var events = new ListEventSink();
        var session = SessionRecorder.Start(events);
        var recorder = new ClaudeInteractionRecorder(session);
        using (var http = new HttpClient(new ClaudeCaptureHandler(recorder, upstream) { InlineParseBytes = inlineParseBytes }))
        using (var response = await StreamingInnerHandler.SendAsync(http))
        {
            await using var body = await response.Content.ReadAsStreamAsync();
            await read(body);
        }

        // A stream kept aside is parsed on the thread pool: its interaction and its failure arrive a little later.
        Assert.True(SpinWait.SpinUntil(() => recorder.PendingCount == 0 && recorder.FailedCount == expectedFailures, s_wait));
        await session.CompleteAsync();
        return ([.. events.Events], recorder, session);
    }

    [Theory]
    [InlineData(int.MaxValue)] // parsed as it passes
    [InlineData(0)] // kept aside after the first token, parsed once the stream ends
    public async Task EventStreamThatCannotBeParsed_RecordedWithACaptureFailedEventNamingWhy(int inlineParseBytes)
    {
        var wire = MalformedWire();
        var received = new MemoryStream();

        var (events, recorder, session) = await CaptureAsync(new StreamingInnerHandler(wire), inlineParseBytes, 1, async body =>
        {
            // Small reads, so that past the first token the rest is kept aside when the inline limit is 0.
            var buffer = new byte[50];
            int read;
            while ((read = await body.ReadAsync(buffer)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        });

        Assert.Equal(wire, received.ToArray()); // the client's stream is untouched
        var interaction = Assert.Single(events.Select(e => e.Event).OfType<ClaudeInteraction>());
        Assert.True(interaction.Incomplete);
        Assert.Equal("Hello", interaction.Response); // what was read before the bad event
        var failure = Assert.Single(events.Select(e => e.Event).OfType<CaptureFailed>());
        Assert.Equal("claude", failure.Source);
        Assert.Matches("^response stream could not be parsed: Json[A-Za-z]*Exception: ", failure.Reason);
        Assert.Contains("Exception", failure.Detail, StringComparison.Ordinal); // the exception's full text
        Assert.IsType<SessionEnded>(events[^1].Event);
        Assert.Equal(1, recorder.FailedCount);
        Assert.Equal([failure], session.CaptureFailures);
    }

    [Fact]
    public async Task UpstreamResetMidStream_RecordedWithACaptureFailedEvent()
    {
        var wire = Encoding.UTF8.GetBytes(string.Concat(Replies.StreamWithToolUse().Select(e => e.ToWire())));

        var (events, recorder, _) = await CaptureAsync(new StreamingInnerHandler(wire, failAfter: 600), int.MaxValue, 1, async body =>
            await Assert.ThrowsAsync<IOException>(() => body.CopyToAsync(Stream.Null)));

        var interaction = Assert.Single(events.Select(e => e.Event).OfType<ClaudeInteraction>());
        Assert.True(interaction.Incomplete);
        Assert.Equal("IOException: connection reset", interaction.Error);
        var failure = Assert.Single(events.Select(e => e.Event).OfType<CaptureFailed>());
        Assert.Equal(("claude", "response failed before its end: IOException: connection reset"), (failure.Source, failure.Reason));
        Assert.Contains("System.IO.IOException: connection reset", failure.Detail, StringComparison.Ordinal);
        Assert.Equal(1, recorder.FailedCount);
    }

    [Fact]
    public async Task ClientStopsReadingAndDisposes_NoCaptureFailure()
    {
        // The client's own choice: the call is recorded as incomplete, and nothing is missing from what passed.
        var wire = Encoding.UTF8.GetBytes(string.Concat(Replies.StreamWithToolUse().Select(e => e.ToWire())));

        var (events, recorder, session) = await CaptureAsync(new StreamingInnerHandler(wire), int.MaxValue, 0, async body =>
        {
            var buffer = new byte[600];
            await body.ReadExactlyAsync(buffer);
        });

        Assert.True(Assert.Single(events.Select(e => e.Event).OfType<ClaudeInteraction>()).Incomplete);
        Assert.DoesNotContain(events, e => e.Event is CaptureFailed);
        Assert.Equal(0, recorder.FailedCount);
        Assert.Empty(session.CaptureFailures);
    }

    [Fact]
    public async Task CallEndingAfterTheSessionEnded_KeptInTheSessionsCaptureFailures()
    {
        var events = new ListEventSink();
        var session = SessionRecorder.Start(events);
        await session.CompleteAsync();
        var recorder = new ClaudeInteractionRecorder(session);

        recorder.Begin(() => new ClaudeInteraction("x", "m", "p", "r", ClaudeUsage.None, TimeSpan.Zero)).Complete(new ClaudeInteraction("msg_late", "m", "p", "r", ClaudeUsage.None, TimeSpan.Zero));

        Assert.Equal(1, recorder.FailedCount);
        Assert.DoesNotContain(events.Events, e => e.Event is CaptureFailed); // the session is stored already
        var failure = Assert.Single(session.CaptureFailures);
        Assert.Equal("claude", failure.Source);
        Assert.StartsWith("interaction msg_late could not be recorded: InvalidOperationException: ", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IlmrecRecord_UpstreamBreaksTheStreamMidWay_ExitsOneWithTheReasonAndTheSessionSaysSo()
    {
        await using var server = await FakeAnthropicServer.StartAsync();
        server.Script = _ => Replies.Sse(Replies.StreamWithToolUse().Take(4).ToList()) with
        {
            AfterLastEvent = () => throw new InvalidOperationException("the upstream breaks the stream"), // Kestrel aborts the response mid-way
        };
        var work = Directory.CreateTempSubdirectory("ilmrec-capture-failure-");
        try
        {
            // A client that reads the streamed reply to its end (or its break) with node's own fetch, and exits 0 either way.
            const string client = """
                const r = await fetch(process.env.ANTHROPIC_BASE_URL + "/v1/messages", { method: "POST", headers: { "content-type": "application/json", "x-api-key": "k", "anthropic-version": "2023-06-01" },
                  body: JSON.stringify({ model: "claude-test", max_tokens: 5, stream: true, messages: [{ role: "user", content: "hi" }] }) });
                try { console.log("read " + (await r.text()).length); } catch (e) { console.log("broken: " + e.message); }
                """;
            var (exitCode, stdout, stderr) = await RunIlmrecAsync(work.FullName, "record", "--out", "s", "--claude-upstream", server.BaseUrl, "--", "node", "--input-type=module", "-e", client);

            Assert.True(exitCode == 1, $"ilmrec exited with {exitCode}: {stderr}\n{stdout}");
            Assert.Contains("broken: ", stdout, StringComparison.Ordinal); // the client did see the break
            var line = Assert.Single(stderr.Split('\n'), l => l.StartsWith("ilmrec record: ", StringComparison.Ordinal));
            Assert.StartsWith("ilmrec record: 1 capture failure: claude: response failed before its end: ", line, StringComparison.Ordinal);

            var session = await StoredSession.OpenAsync(DirectorySessionObjects.Open(Path.Combine(work.FullName, "s")));
            var events = new List<RecordedEvent>();
            await foreach (var recorded in session.ReadEventsAsync())
            {
                events.Add(recorded);
            }

            var failure = Assert.Single(events.Select(e => e.Event).OfType<CaptureFailed>());
            Assert.Equal("ilmrec record: 1 capture failure: claude: " + failure.Reason, line.TrimEnd('\r'));
            var interaction = Assert.Single(events.Select(e => e.Event).OfType<ClaudeInteraction>());
            Assert.True(interaction.Incomplete);
            Assert.Equal("Hello", interaction.Response);

            // The count is in info and verify; a capture failure is not damage.
            var (infoExit, info, _) = await RunIlmrecAsync(work.FullName, "info", "s", "--json");
            var (verifyExit, verify, _) = await RunIlmrecAsync(work.FullName, "verify", "s", "--json");
            Assert.Equal((0, 0), (infoExit, verifyExit));
            using var infoJson = JsonDocument.Parse(info);
            using var verifyJson = JsonDocument.Parse(verify);
            Assert.Equal(1, infoJson.RootElement.GetProperty("captureFailures").GetInt64());
            Assert.Equal(1, infoJson.RootElement.GetProperty("captureFailuresBySource").GetProperty("claude").GetInt64());
            Assert.Equal(1, verifyJson.RootElement.GetProperty("captureFailures").GetInt64());
            Assert.True(verifyJson.RootElement.GetProperty("intact").GetBoolean());
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task<(int ExitCode, string StandardOutput, string StandardError)> RunIlmrecAsync(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        start.ArgumentList.Add(ClaudeRecordingProxyNodeClientTests.IlmrecDll());
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove(ClaudeRecordingProxy.BaseUrlEnvironmentVariable);
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
