using System.Diagnostics;
using System.Text;
using System.Text.Json;
using InterviewLM.Recording.Cli.Tests.Terminal;
using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Cli.Tests.Foundation;

public sealed class FoundationCommandsTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("ilmrec-cli-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Demo_ThenInfoAndVerify_DescribeAWholeIntactSession()
    {
        var demo = await IlmrecProcess.RunAsync(_work, null, "demo", "--out", "d");
        Assert.True(demo.ExitCode == 0, demo.StandardError);

        var info = await IlmrecProcess.RunAsync(_work, null, "info", "d", "--json");
        Assert.Equal(0, info.ExitCode);
        using var json = JsonDocument.Parse(info.StandardOutput);
        var root = json.RootElement;
        Assert.Equal("completed", root.GetProperty("status").GetString());
        Assert.Equal("jsonl-gz", root.GetProperty("codec").GetString());
        Assert.True(root.GetProperty("finalized").GetBoolean());
        Assert.Equal(2, root.GetProperty("claudeInteractions").GetInt32());
        Assert.Equal(["main.py", "test_main.py"], root.GetProperty("files").EnumerateArray().Select(f => f.GetString()));
        var channels = root.GetProperty("channels");
        Assert.True(channels.GetProperty("code").GetInt64() > 300);
        Assert.True(channels.GetProperty("terminal").GetInt64() > 10);
        Assert.Equal(2, channels.GetProperty("marker").GetInt64());
        Assert.InRange(root.GetProperty("durationSeconds").GetDouble(), 30, 600);

        var session = await CliStore.OpenAsync(Path.Combine(_work, "d"), CancellationToken.None);
        Assert.Equal(session.Metadata!.EventCount, root.GetProperty("events").GetInt64());
        Assert.Equal((await session.ReadIndexAsync())!.Blocks.Count(b => b.Kind == BlockKind.Keyframe), root.GetProperty("keyframes").GetInt32());
        Assert.True(root.GetProperty("keyframes").GetInt32() >= 1, "the session's end always gets a keyframe");
        foreach (var file in new[] { "metadata.json", "events.jsonl.gz", "index.json", "terminal.cast", "claude_interactions.jsonl" })
        {
            Assert.True(File.Exists(Path.Combine(_work, "d", file)), file);
        }

        var verify = await IlmrecProcess.RunAsync(_work, null, "verify", "d");
        Assert.True(verify.ExitCode == 0, Encoding.UTF8.GetString(verify.StandardOutput));
        Assert.StartsWith("intact", Encoding.UTF8.GetString(verify.StandardOutput), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("jsonl")]
    [InlineData("jsonl-gz")]
    public async Task Verify_OneByteFlippedInTheEventsFile_FailsAndNamesTheBlock(string codec)
    {
        Assert.Equal(0, (await IlmrecProcess.RunAsync(_work, null, "demo", "--out", "d", "--codec", codec)).ExitCode);
        var session = await CliStore.OpenAsync(Path.Combine(_work, "d"), CancellationToken.None);
        var block = (await session.ReadIndexAsync())!.Blocks[^1];
        var eventsPath = Path.Combine(_work, "d", session.EventsObjectName);
        var bytes = await File.ReadAllBytesAsync(eventsPath);
        bytes[block.Offset + (block.Length * 2 / 3)] ^= 0x04;
        await File.WriteAllBytesAsync(eventsPath, bytes);

        var verify = await IlmrecProcess.RunAsync(_work, null, "verify", "d", "--json");
        Assert.Equal(1, verify.ExitCode);
        using var json = JsonDocument.Parse(verify.StandardOutput);
        Assert.False(json.RootElement.GetProperty("intact").GetBoolean());
        var problem = json.RootElement.GetProperty("problems")[0];
        Assert.Equal(block.Index, problem.GetProperty("block").GetInt32());
        Assert.Equal(block.Offset, problem.GetProperty("offset").GetInt64());
        Assert.Contains($"block {block.Index} at byte offset {block.Offset}", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var human = await IlmrecProcess.RunAsync(_work, null, "verify", "d");
        Assert.Equal(1, human.ExitCode);
        Assert.Contains($"block {block.Index} at byte offset {block.Offset}", Encoding.UTF8.GetString(human.StandardOutput), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_Jsonl_IsTheDecompressedGzipStream()
    {
        Assert.Equal(0, (await IlmrecProcess.RunAsync(_work, null, "demo", "--out", "d")).ExitCode);
        var export = await IlmrecProcess.RunAsync(_work, null, "export", "d", "--format", "jsonl", "--out", "events.jsonl");
        Assert.True(export.ExitCode == 0, export.StandardError);

        using var gzip = new System.IO.Compression.GZipStream(File.OpenRead(Path.Combine(_work, "d", "events.jsonl.gz")), System.IO.Compression.CompressionMode.Decompress);
        using var plain = new MemoryStream();
        await gzip.CopyToAsync(plain);
        Assert.Equal(plain.ToArray(), await File.ReadAllBytesAsync(Path.Combine(_work, "events.jsonl")));

        var back = await IlmrecProcess.RunAsync(_work, null, "export", "d", "--format", "jsonl-gz", "--out", "again.jsonl.gz");
        Assert.Equal(0, back.ExitCode);
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(_work, "d", "events.jsonl.gz")), await File.ReadAllBytesAsync(Path.Combine(_work, "again.jsonl.gz")));
    }

    [Fact]
    public async Task ExportZip_ThenImport_GivesTheSameIntactSession()
    {
        Assert.Equal(0, (await IlmrecProcess.RunAsync(_work, null, "demo", "--out", "d")).ExitCode);
        var export = await IlmrecProcess.RunAsync(_work, null, "export", "d", "--format", "zip", "--out", "d.zip");
        Assert.True(export.ExitCode == 0, export.StandardError);
        var import = await IlmrecProcess.RunAsync(_work, null, "import", "d.zip", "--out", "back");
        Assert.True(import.ExitCode == 0, import.StandardError);
        Assert.Equal(0, (await IlmrecProcess.RunAsync(_work, null, "verify", "back")).ExitCode);
        foreach (var file in Directory.GetFiles(Path.Combine(_work, "d"), "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Path.Combine(_work, "d"), file);
            Assert.Equal(await File.ReadAllBytesAsync(file), await File.ReadAllBytesAsync(Path.Combine(_work, "back", relative)));
        }

        Assert.Equal(1, (await IlmrecProcess.RunAsync(_work, null, "import", "d.zip", "--out", "back")).ExitCode);
    }

    [Fact]
    public async Task Commands_BadInput_PrintOneClearLineAndFail()
    {
        var missing = await IlmrecProcess.RunAsync(_work, null, "info", "no-such-dir");
        Assert.Equal(1, missing.ExitCode);
        var line = Assert.Single(missing.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("ilmrec: error: No session directory at", line, StringComparison.Ordinal);

        Assert.Equal(0, (await IlmrecProcess.RunAsync(_work, null, "demo", "--out", "d")).ExitCode);
        var badFormat = await IlmrecProcess.RunAsync(_work, null, "export", "d", "--format", "mp4", "--out", "x");
        Assert.Equal(1, badFormat.ExitCode);
        Assert.Contains("Unknown codec 'mp4'", badFormat.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", badFormat.StandardError, StringComparison.Ordinal);

        var again = await IlmrecProcess.RunAsync(_work, null, "demo", "--out", "d");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("not empty", again.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_KilledWithSigkillMidSession_LeavesEveryFlushedEventReadable()
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, WorkingDirectory = _work, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "ilmrec.dll"), "demo", "--out", "d", "--live", "--speed", "8" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var events = Path.Combine(_work, "d", "events.jsonl.gz");
        var deadline = Stopwatch.StartNew();
        var flushedBlocks = 0;
        while (flushedBlocks < 3)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), "the live demo flushed no blocks");
            Assert.False(process.HasExited, "the live demo finished before it could be killed");
            await Task.Delay(100);
            flushedBlocks = File.Exists(events) ? await CountWholeBlocksAsync(events) : 0;
        }

        process.Kill(); // SIGKILL: no finalizer, no flush, no session end
        await process.WaitForExitAsync();
        Assert.Equal(137, process.ExitCode);

        var library = await CliStore.OpenAsync(Path.Combine(_work, "d"), CancellationToken.None);
        long readable = 0;
        await foreach (var recorded in library.ReadEventsAsync())
        {
            Assert.Equal(readable++, recorded.Sequence);
        }

        Assert.True(readable > 0);
        var info = await IlmrecProcess.RunAsync(_work, null, "info", "d", "--json");
        Assert.Equal(0, info.ExitCode);
        using (var json = JsonDocument.Parse(info.StandardOutput))
        {
            Assert.Equal(readable, json.RootElement.GetProperty("events").GetInt64());
            Assert.False(json.RootElement.GetProperty("finalized").GetBoolean());
            Assert.Equal("active", json.RootElement.GetProperty("status").GetString());
        }

        var verify = await IlmrecProcess.RunAsync(_work, null, "verify", "d", "--json");
        Assert.Equal(1, verify.ExitCode);
        using (var json = JsonDocument.Parse(verify.StandardOutput))
        {
            var kinds = json.RootElement.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("kind").GetString()).ToList();
            Assert.Contains("NotFinalized", kinds);
            Assert.Equal(readable, json.RootElement.GetProperty("events").GetInt64());
        }
    }

    private static async Task<int> CountWholeBlocksAsync(string path)
    {
        var blocks = 0;
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        await using (stream)
        {
            await foreach (var result in Storage.Gzip.GzipJsonlCodec.Instance.ReadAsync(stream))
            {
                blocks += result.Block is null ? 0 : 1;
            }
        }

        return blocks;
    }
}
