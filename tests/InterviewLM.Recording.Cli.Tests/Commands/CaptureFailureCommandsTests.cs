using System.Text;
using System.Text.Json;
using InterviewLM.Recording.Cli.Tests.Terminal;
using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Cli.Tests.Commands;

/// <summary><c>info</c> and <c>verify</c> count what the captures could not record; a capture failure is not damage.</summary>
public sealed class CaptureFailureCommandsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ilmrec-capture-failures-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private async Task<string> WriteSessionAsync(params SessionEvent[] between)
    {
        var path = Path.Combine(_root, "s");
        await using var sink = await SessionStorageSink.CreateAsync(DirectorySessionObjects.Create(path));
        var events = new List<RecordedEvent> { new(0, TimeSpan.Zero, new SessionStarted("sess_capture_failures", DateTimeOffset.UnixEpoch)) };
        events.AddRange(between.Select((e, i) => new RecordedEvent(i + 1, TimeSpan.FromSeconds(i + 1), e)));
        events.Add(new RecordedEvent(events.Count, TimeSpan.FromSeconds(events.Count), new SessionEnded("completed")));
        await sink.WriteAsync(events.ToArray());
        await sink.CompleteAsync();
        return path;
    }

    [Fact]
    public async Task InfoAndVerify_SessionWithCaptureFailures_CountThemAndTheSessionIsIntact()
    {
        var path = await WriteSessionAsync(
            new CaptureFailed("claude", "response failed before its end: HttpIOException: reset"),
            new TerminalOutput("$ "),
            new CaptureFailed("watcher", "src/a.bin could not be read", "IOException: permission denied"),
            new CaptureFailed("claude", "response stream could not be parsed: JsonException: bad"));

        var info = await IlmrecProcess.RunAsync(_root, null, "info", path, "--json");
        var text = await IlmrecProcess.RunAsync(_root, null, "info", path);
        var verify = await IlmrecProcess.RunAsync(_root, null, "verify", path, "--json");
        var verifyText = await IlmrecProcess.RunAsync(_root, null, "verify", path);

        Assert.True(info.ExitCode == 0, info.StandardError);
        using var infoJson = JsonDocument.Parse(info.StandardOutput);
        Assert.Equal(3, infoJson.RootElement.GetProperty("captureFailures").GetInt64());
        var bySource = infoJson.RootElement.GetProperty("captureFailuresBySource");
        Assert.Equal([("claude", 2L), ("watcher", 1L)], bySource.EnumerateObject().Select(p => (p.Name, p.Value.GetInt64())));
        Assert.Equal(3, infoJson.RootElement.GetProperty("types").GetProperty("capture_failed").GetInt64());
        Assert.Contains("capture failures", Encoding.UTF8.GetString(text.StandardOutput), StringComparison.Ordinal);
        Assert.Contains("3 (claude 2, watcher 1)", Encoding.UTF8.GetString(text.StandardOutput), StringComparison.Ordinal);

        Assert.True(verify.ExitCode == 0, verify.StandardError);
        using var verifyJson = JsonDocument.Parse(verify.StandardOutput);
        Assert.True(verifyJson.RootElement.GetProperty("intact").GetBoolean());
        Assert.Equal(3, verifyJson.RootElement.GetProperty("captureFailures").GetInt64());
        Assert.Empty(verifyJson.RootElement.GetProperty("problems").EnumerateArray());
        Assert.Equal(0, verifyText.ExitCode);
        Assert.Contains("3 capture failures", Encoding.UTF8.GetString(verifyText.StandardOutput), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InfoAndVerify_SessionWithoutCaptureFailures_CountZero()
    {
        var path = await WriteSessionAsync(new TerminalOutput("$ "));

        var info = await IlmrecProcess.RunAsync(_root, null, "info", path, "--json");
        var text = await IlmrecProcess.RunAsync(_root, null, "info", path);
        var verify = await IlmrecProcess.RunAsync(_root, null, "verify", path, "--json");

        using var infoJson = JsonDocument.Parse(info.StandardOutput);
        Assert.Equal(0, infoJson.RootElement.GetProperty("captureFailures").GetInt64());
        Assert.Empty(infoJson.RootElement.GetProperty("captureFailuresBySource").EnumerateObject());
        Assert.Matches(@"capture failures[\s│|]+none", Encoding.UTF8.GetString(text.StandardOutput));
        using var verifyJson = JsonDocument.Parse(verify.StandardOutput);
        Assert.Equal(0, verifyJson.RootElement.GetProperty("captureFailures").GetInt64());
    }
}
