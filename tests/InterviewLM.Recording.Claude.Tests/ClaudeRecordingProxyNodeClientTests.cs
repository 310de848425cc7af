using System.Diagnostics;
using System.Text.Json;
using InterviewLM.Recording.Claude.Tests.Infrastructure;

namespace InterviewLM.Recording.Claude.Tests;

/// <summary>Runs a real client in another language (the official TypeScript SDK under node) through the proxy, configured only by ANTHROPIC_BASE_URL.</summary>
/// <remarks>Needs <c>node</c> on PATH and <c>npm ci</c> run in tests/InterviewLM.Recording.Claude.Tests/NodeClient; fails, never skips, without them.</remarks>
public sealed class ClaudeRecordingProxyNodeClientTests
{
    [Fact]
    public async Task StartAsync_NodeSdkChildProcessViaEnvironment_RecordsItsCalls()
    {
        var clientDirectory = Path.Combine(RepoRoot(), "tests", "InterviewLM.Recording.Claude.Tests", "NodeClient");
        Assert.True(
            Directory.Exists(Path.Combine(clientDirectory, "node_modules", "@anthropic-ai", "sdk")),
            $"The node client's packages are missing: run `npm ci` in {clientDirectory}.");

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

    private static string RepoRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (directory.GetFiles("InterviewLM.Recording.sln*").Length > 0)
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (the folder holding InterviewLM.Recording.sln) was not found above " + AppContext.BaseDirectory);
    }
}
