using System.Diagnostics;
using System.Text;
using System.Text.Json;
using InterviewLM.Recording.Claude.Tests.Infrastructure;
using InterviewLM.Recording.Storage;
using InterviewLM.Recording.TestUtils;

namespace InterviewLM.Recording.Claude.Tests;

/// <summary>Runs a real client in another language (the official TypeScript SDK under node) through the proxy, configured only by ANTHROPIC_BASE_URL.</summary>
/// <remarks>Needs <c>node</c> on PATH and <c>npm ci</c> run in tests/InterviewLM.Recording.Claude.Tests/NodeClient; fails, never skips, without them.</remarks>
public sealed class ClaudeRecordingProxyNodeClientTests
{
    [Fact]
    public async Task StartAsync_NodeSdkChildProcessViaEnvironment_RecordsItsCalls()
    {
        var clientDirectory = NodeClientDirectory();
        await using var server = await FakeAnthropicServer.StartAsync();
        server.Script = request => request.BodyText.Contains("\"stream\":true", StringComparison.Ordinal)
            ? Replies.Sse(Replies.StreamWithToolUse())
            : Replies.Json(Replies.TextMessage);
        var sink = new ListEventSink();
        var session = SessionRecorder.Start(sink);
        await using var proxy = await ClaudeRecordingProxy.StartAsync(new Uri(server.BaseUrl), session);

        var start = new ProcessStartInfo("node", "client.mjs")
        {
            WorkingDirectory = clientDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment[ClaudeRecordingProxy.BaseUrlEnvironmentVariable] = proxy.BaseUrl.ToString().TrimEnd('/');
        start.Environment["ANTHROPIC_API_KEY"] = Sdk.ApiKey;
        start.Environment.Remove("ANTHROPIC_AUTH_TOKEN");
        using var node = Process.Start(start)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await node.WaitForExitAsync(timeout.Token);
        Assert.True(node.ExitCode == 0, $"node exited with {node.ExitCode}: {await stderr}");
        await session.CompleteAsync();

        using var output = JsonDocument.Parse(await stdout);
        var created = output.RootElement.GetProperty("created");
        var streamed = output.RootElement.GetProperty("streamed");
        var interactions = sink.Events.Select(e => e.Event).OfType<ClaudeInteraction>().ToList();
        Assert.Equal(2, interactions.Count);
        Assert.Equal(created.GetProperty("id").GetString(), interactions[0].InteractionId);
        Assert.Equal("node: unary", interactions[0].Prompt);
        Assert.Equal("You are an interviewer.", interactions[0].SystemPrompt);
        Assert.Equal(string.Concat(created.GetProperty("content").EnumerateArray().Where(b => b.GetProperty("type").GetString() == "text").Select(b => b.GetProperty("text").GetString())), interactions[0].Response);
        Assert.Equal(created.GetProperty("usage").GetProperty("input_tokens").GetInt64(), interactions[0].Usage.InputTokens);
        Assert.Equal(64, interactions[0].MaxTokens);
        Assert.Equal(streamed.GetProperty("id").GetString(), interactions[1].InteractionId);
        Assert.Equal("node: streamed", interactions[1].Prompt);
        Assert.True(interactions[1].Streamed);
        Assert.Equal(streamed.GetProperty("content")[0].GetProperty("text").GetString(), interactions[1].Response);
        Assert.Equal(streamed.GetProperty("stop_reason").GetString(), interactions[1].StopReason);
        Assert.Equal(streamed.GetProperty("usage").GetProperty("output_tokens").GetInt64(), interactions[1].Usage.OutputTokens);
        var tool = streamed.GetProperty("content")[1];
        Assert.Equal(new ClaudeToolUse(tool.GetProperty("id").GetString()!, tool.GetProperty("name").GetString()!, tool.GetProperty("input").GetRawText()), Assert.Single(interactions[1].ToolUses));
        Assert.All(server.Requests, r => Assert.Contains(Sdk.ApiKey, string.Join("\n", r.Headers.Values), StringComparison.Ordinal)); // the key went upstream
        foreach (var recorded in sink.Events)
        {
            Assert.DoesNotContain(Sdk.ApiKey, JsonSerializer.Serialize(recorded.Event, recorded.Event.GetType()), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task IlmrecRecord_ClaudeUpstreamWithNodeSdkInTheTerminal_SessionHoldsItsCallsAndNoKey()
    {
        var clientDirectory = NodeClientDirectory();
        await using var server = await FakeAnthropicServer.StartAsync();
        server.Script = request => request.BodyText.Contains("\"stream\":true", StringComparison.Ordinal)
            ? Replies.Sse(Replies.StreamWithToolUse())
            : Replies.Json(Replies.TextMessage);
        var work = Directory.CreateTempSubdirectory("ilmrec-claude-record-");
        try
        {
            var sessionPath = Path.Combine(work.FullName, "s");
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = clientDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[] { IlmrecDll(), "record", "--out", sessionPath, "--claude-upstream", server.BaseUrl, "--", "node", "client.mjs" })
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["ANTHROPIC_API_KEY"] = Sdk.ApiKey;
            start.Environment.Remove("ANTHROPIC_AUTH_TOKEN");
            start.Environment.Remove(ClaudeRecordingProxy.BaseUrlEnvironmentVariable);
            using var ilmrec = Process.Start(start)!;
            ilmrec.StandardInput.Close();
            var stdout = ilmrec.StandardOutput.ReadToEndAsync();
            var stderr = ilmrec.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            await ilmrec.WaitForExitAsync(timeout.Token);
            Assert.True(ilmrec.ExitCode == 0, $"ilmrec exited with {ilmrec.ExitCode}: {await stderr}\n{await stdout}");

            var session = await StoredSession.OpenAsync(DirectorySessionObjects.Open(sessionPath));
            var events = new List<RecordedEvent>();
            await foreach (var recorded in session.ReadEventsAsync())
            {
                events.Add(recorded);
            }

            var interactions = events.Select(e => e.Event).OfType<ClaudeInteraction>().ToList();
            Assert.Equal(["node: unary", "node: streamed"], interactions.Select(i => i.Prompt));
            Assert.Equal(("msg_02", "Hi there. Run the tests.", 200, false), (interactions[0].InteractionId, interactions[0].Response, interactions[0].HttpStatus, interactions[0].Streamed));
            Assert.Equal(("msg_01", "Hello wörld 😀", "tool_use", true), (interactions[1].InteractionId, interactions[1].Response, interactions[1].StopReason, interactions[1].Streamed));
            Assert.Equal(new ClaudeToolUse("toolu_01", "run_tests", "{\"path\":\"src/a.cs\"}"), Assert.Single(interactions[1].ToolUses));
            // The terminal channel recorded the program's own view of the same calls.
            var screen = string.Concat(events.Select(e => e.Event).OfType<TerminalOutput>().Select(o => o.Data));
            Assert.Contains("\"id\":\"msg_01\"", screen, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(sessionPath, ClaudeInteractionsProjection.FileName)));
            // The key went upstream, yet no file of the session holds it (events are decompressed for the search).
            Assert.All(server.Requests, r => Assert.Contains(Sdk.ApiKey, string.Join("\n", r.Headers.Values), StringComparison.Ordinal));
            var key = Encoding.UTF8.GetBytes(Sdk.ApiKey);
            foreach (var file in Directory.GetFiles(sessionPath, "*", SearchOption.AllDirectories))
            {
                Assert.True((await File.ReadAllBytesAsync(file)).AsSpan().IndexOf(key) < 0, $"{file} holds the API key");
            }

            Assert.DoesNotContain(events, e => JsonSerializer.Serialize(e.Event, e.Event.GetType()).Contains(Sdk.ApiKey, StringComparison.Ordinal));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task IlmrecRecord_ClaudeUpstreamNotAnHttpUrl_FailsWithClearErrorAndRecordsNothing()
    {
        var work = Directory.CreateTempSubdirectory("ilmrec-claude-record-");
        try
        {
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = work.FullName, RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var argument in new[] { IlmrecDll(), "record", "--out", "s", "--claude-upstream", "ftp://example", "--", "true" })
            {
                start.ArgumentList.Add(argument);
            }

            using var ilmrec = Process.Start(start)!;
            var stderr = ilmrec.StandardError.ReadToEndAsync();
            await ilmrec.StandardOutput.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await ilmrec.WaitForExitAsync(timeout.Token);

            Assert.Equal(2, ilmrec.ExitCode);
            Assert.Contains("--claude-upstream must be an absolute http or https URL", await stderr, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(work.FullName, "s")));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static string NodeClientDirectory()
    {
        var clientDirectory = Path.Combine(RepoRoot(), "tests", "InterviewLM.Recording.Claude.Tests", "NodeClient");
        Assert.True(
            Directory.Exists(Path.Combine(clientDirectory, "node_modules", "@anthropic-ai", "sdk")),
            $"The node client's packages are missing: run `npm ci` in {clientDirectory}.");
        return clientDirectory;
    }

    private static string RepoRoot() => RepoPaths.Root;

    // ilmrec as the solution's build leaves it (not a project reference: this package's tests do not build the CLI).
    internal static string IlmrecDll()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<Configuration>/net10.0/
        var path = Path.Combine(RepoRoot(), "src", "InterviewLM.Recording.Cli", "bin", configuration, "net10.0", "ilmrec.dll");
        Assert.True(File.Exists(path), $"{path} is missing: build src/InterviewLM.Recording.Cli ({configuration}) first; the solution build does.");
        return path;
    }
}
