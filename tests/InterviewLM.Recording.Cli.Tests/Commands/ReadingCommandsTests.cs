using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using InterviewLM.Recording.Claude;
using InterviewLM.Recording.Cli.Commands;
using InterviewLM.Recording.Cli.Tests.Terminal;
using InterviewLM.Recording.Diff;
using InterviewLM.Recording.Storage;
using InterviewLM.Recording.Terminal;

namespace InterviewLM.Recording.Cli.Tests.Commands;

/// <summary>Reading never writes (issue 14): the reading commands on a session without keyframes, on a session ZIP, and the explicit <c>rebuild</c> verb.</summary>
public sealed class ReadingCommandsTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("ilmrec-cli-read-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task ReadingCommands_CompletedSessionWithoutKeyframes_LeaveEveryByteOfEveryFileUnchanged()
    {
        var path = Path.Combine(_work, "s");
        var events = await RecordDemoWithoutKeyframesAsync(path);
        var session = await CliStore.OpenAsync(path, CancellationToken.None);
        Assert.Equal(SessionStatus.Completed, session.Metadata!.Status);
        Assert.DoesNotContain((await session.ReadIndexAsync())!.Blocks, b => b.Kind == BlockKind.Keyframe);
        var before = Snapshot(path);

        var files = await RunAsync("files", "s", "--at", "end");
        Assert.Contains("==> main.py <==", files, StringComparison.Ordinal);
        var json = await RunAsync("files", "s", "--at", "20", "--json");
        Assert.Contains("\"files\"", json, StringComparison.Ordinal);
        var screen = await RunAsync("screen", "s", "--at", "end");
        Assert.Contains("2 passed", screen, StringComparison.Ordinal);
        Assert.StartsWith("{", await RunAsync("screen", "s", "--at", "10", "--json"), StringComparison.Ordinal);
        Assert.Contains("+++ b/main.py", await RunAsync("diff", "s", "--from", "0", "--to", "end"), StringComparison.Ordinal);
        Assert.Contains("sess_nokf", await RunAsync("info", "s"), StringComparison.Ordinal);
        using (var info = JsonDocument.Parse(await RunAsync("info", "s", "--json")))
        {
            Assert.Equal(events.Count, info.RootElement.GetProperty("events").GetInt64());
            Assert.Equal(0, info.RootElement.GetProperty("keyframes").GetInt32());
        }

        Assert.StartsWith("intact", await RunAsync("verify", "s"), StringComparison.Ordinal);
        var play = await IlmrecProcess.RunAsync(_work, null, "play", "s", "--speed", "64");
        Assert.True(play.ExitCode == 0, play.StandardError);
        var terminalOutput = string.Concat(events.Select(e => e.Event).OfType<TerminalOutput>().Select(o => o.Data));
        Assert.Equal(Encoding.UTF8.GetBytes(terminalOutput), play.StandardOutput);

        var after = Snapshot(path);
        Assert.Equal(before.Keys, after.Keys);
        foreach (var (name, hash) in before)
        {
            Assert.True(hash == after[name], $"{name} changed");
        }
    }

    [Fact]
    public async Task ReadingCommands_SessionZip_AnswerAsTheDirectoryDoes()
    {
        Assert.Equal(0, (await IlmrecProcess.RunAsync(_work, null, "demo", "--out", "d")).ExitCode);
        Assert.Equal(0, (await IlmrecProcess.RunAsync(_work, null, "export", "d", "--format", "zip", "--out", "d.zip")).ExitCode);
        var zipBytes = await File.ReadAllBytesAsync(Path.Combine(_work, "d.zip"));

        foreach (var arguments in new[]
        {
            new[] { "files", "{0}", "--at", "30" },
            ["screen", "{0}", "--at", "end", "--json"],
            ["diff", "{0}", "--from", "10", "--to", "end"],
            ["export", "{0}", "--format", "asciicast-v3", "--out", "-"],
            ["export", "{0}", "--format", "jsonl", "--out", "-"],
        })
        {
            var fromDirectory = await IlmrecProcess.RunAsync(_work, null, [.. arguments.Select(a => a == "{0}" ? "d" : a == "-" ? "from-dir.out" : a)]);
            var fromZip = await IlmrecProcess.RunAsync(_work, null, [.. arguments.Select(a => a == "{0}" ? "d.zip" : a == "-" ? "from-zip.out" : a)]);
            Assert.True(fromDirectory.ExitCode == 0 && fromZip.ExitCode == 0, arguments[0] + ": " + fromDirectory.StandardError + fromZip.StandardError);
            Assert.Equal(fromDirectory.StandardOutput, fromZip.StandardOutput);
            if (arguments[0] == "export")
            {
                Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(_work, "from-dir.out")), await File.ReadAllBytesAsync(Path.Combine(_work, "from-zip.out")));
            }
        }

        using (var info = JsonDocument.Parse((await IlmrecProcess.RunAsync(_work, null, "info", "d.zip", "--json")).StandardOutput))
        {
            Assert.Equal("sess_demo", info.RootElement.GetProperty("sessionId").GetString());
            Assert.True(info.RootElement.GetProperty("keyframes").GetInt32() >= 1);
        }

        Assert.StartsWith("intact", Encoding.UTF8.GetString((await IlmrecProcess.RunAsync(_work, null, "verify", "d.zip")).StandardOutput), StringComparison.Ordinal);
        var playZip = await IlmrecProcess.RunAsync(_work, null, "play", "d.zip", "--speed", "64", "--from", "5");
        var playDirectory = await IlmrecProcess.RunAsync(_work, null, "play", "d", "--speed", "64", "--from", "5");
        Assert.True(playZip.ExitCode == 0 && playDirectory.ExitCode == 0, playZip.StandardError + playDirectory.StandardError);
        Assert.Equal(playDirectory.StandardOutput, playZip.StandardOutput);
        Assert.Equal(0, await Program.BuildRootCommand().Parse(["convert", Path.Combine(_work, "d.zip"), "--out", Path.Combine(_work, "archive")]).InvokeAsync());
        Assert.Equal(await ReadEventsAsync(Path.Combine(_work, "d")), await ReadEventsAsync(Path.Combine(_work, "archive")));
        Assert.Equal(zipBytes, await File.ReadAllBytesAsync(Path.Combine(_work, "d.zip")));
    }

    [Fact]
    public async Task Rebuild_SessionWithoutKeyframes_RewritesIndexAndProjections()
    {
        var path = Path.Combine(_work, "s");
        await RecordDemoWithoutKeyframesAsync(path);
        var expected = Snapshot(path);
        File.Delete(Path.Combine(path, SessionObjectNames.Index));
        File.Delete(Path.Combine(path, "terminal.cast"));
        File.Delete(Path.Combine(path, ClaudeInteractionsProjection.FileName));
        Directory.Delete(Path.Combine(path, CodeProjections.FolderName), recursive: true);

        Assert.Equal(0, await Program.BuildRootCommand().Parse(["rebuild", path]).InvokeAsync());

        Assert.Equal(expected, Snapshot(path));
    }

    [Fact]
    public async Task RebuildKeyframes_SessionWithoutKeyframes_SameEventsNowWithKeyframesAndIntact()
    {
        var path = Path.Combine(_work, "s");
        var events = await RecordDemoWithoutKeyframesAsync(path);
        var projections = Snapshot(path).Where(f => f.Key is "terminal.cast" or "claude_interactions.jsonl" || f.Key.StartsWith("files/", StringComparison.Ordinal)).ToList();

        Assert.Equal(0, await Program.BuildRootCommand().Parse(["rebuild", path, "--keyframes"]).InvokeAsync());

        var session = await CliStore.OpenAsync(path, CancellationToken.None);
        var index = await session.ReadIndexAsync();
        Assert.Contains(index!.Blocks, b => b.Kind == BlockKind.Keyframe);
        Assert.True(index.IsCurrentFor(await session.GetEventsLengthAsync()));
        Assert.Equal(events, await ReadEventsAsync(path));
        var after = Snapshot(path);
        Assert.All(projections, p => Assert.Equal(p.Value, after[p.Key]));
        Assert.False(Directory.Exists(path + ".archiving"));
        Assert.StartsWith("intact", Encoding.UTF8.GetString((await IlmrecProcess.RunAsync(_work, null, "verify", "s")).StandardOutput), StringComparison.Ordinal);
        Assert.Equal(1, await Program.BuildRootCommand().Parse(["rebuild", Path.Combine(_work, "no-such-session")]).InvokeAsync());
    }

    /// <summary>The demo script through a pipeline with every projection and no keyframe layer.</summary>
    private static async Task<List<RecordedEvent>> RecordDemoWithoutKeyframesAsync(string path)
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2025, 1, 1, 9, 0, 0, TimeSpan.Zero));
        var pipeline = new SessionPipelineBuilder().UseTerminalCast().UseClaudeInteractions().UseCodeFiles();
        var sink = await pipeline.BuildAsync(DirectorySessionObjects.Create(path), new SessionStorageOptions { TimeProvider = clock });
        var recorder = SessionRecorder.StartOwned(sink, "sess_nokf", new SessionRecorderOptions { TimeProvider = clock });
        await using (recorder)
        {
            await DemoCommand.RecordScriptAsync(recorder, clock, 1, CancellationToken.None);
        }

        return await ReadEventsAsync(path);
    }

    private static async Task<List<RecordedEvent>> ReadEventsAsync(string path)
    {
        var list = new List<RecordedEvent>();
        await foreach (var recorded in (await CliStore.OpenAsync(path, CancellationToken.None)).ReadEventsAsync())
        {
            list.Add(recorded);
        }

        return list;
    }

    /// <summary>Every entry under the session (directories too), with the SHA-256 of each file's bytes.</summary>
    private static SortedDictionary<string, string> Snapshot(string path)
    {
        var entries = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in Directory.EnumerateFileSystemEntries(path, "*", SearchOption.AllDirectories))
        {
            var name = Path.GetRelativePath(path, entry).Replace(Path.DirectorySeparatorChar, '/');
            entries[name] = Directory.Exists(entry) ? "directory" : Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(entry)));
        }

        return entries;
    }

    private async Task<string> RunAsync(params string[] arguments)
    {
        var result = await IlmrecProcess.RunAsync(_work, null, arguments);
        Assert.True(result.ExitCode == 0, string.Join(' ', arguments) + ": " + result.StandardError);
        return Encoding.UTF8.GetString(result.StandardOutput);
    }
}
