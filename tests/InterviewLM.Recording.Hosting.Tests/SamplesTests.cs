using System.Diagnostics;
using System.Text.RegularExpressions;
using InterviewLM.Recording.Storage;
using InterviewLM.Recording.Testing;
using InterviewLM.Recording.TestUtils;

namespace InterviewLM.Recording.Hosting.Tests;

public sealed partial class SamplesTests
{
    [Fact]
    public void Readme_QuickStart_IsTheSampleExactly()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md")).ReplaceLineEndings("\n");
        var sample = File.ReadAllText(Path.Combine(RepoPaths.Root, "samples", "IntroQuickStart", "Program.cs")).ReplaceLineEndings("\n");

        var quickStart = readme[readme.IndexOf("## Quick start", StringComparison.Ordinal)..];
        var block = CSharpBlock().Match(quickStart);

        Assert.True(block.Success, "the quick start has a csharp block");
        Assert.Equal(sample.TrimEnd('\n'), block.Groups[1].Value.TrimEnd('\n'));
        var code = sample.Split('\n').Count(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith("using ", StringComparison.Ordinal) && l.Trim() is not ("{" or "}"));
        Assert.True(code < 15, $"the quick start has {code} lines of code");
    }

    [Fact]
    public async Task IntroQuickStart_Run_SameObjectsAsIlmrecDemo()
    {
        var work = Directory.CreateTempSubdirectory("ilmrec-quickstart-");
        try
        {
            var (exit, output) = await RunAsync("IntroQuickStart", work.FullName);
            Assert.True(exit == 0, output);
            Assert.Contains("claude_interaction", output, StringComparison.Ordinal);

            var sessionPath = Path.Combine(work.FullName, "sessions", "sess_42");
            var objects = DirectorySessionObjects.Open(sessionPath);
            var expected = await DemoRecipeObjectsAsync();
            Assert.Equal(expected, Shape(await NamesAsync(objects)));
            Assert.Equal(
                ["claude_interactions.jsonl", "events.jsonl.gz", "files/*.diffs", "files/*.hash", "index.json", "metadata.json", "terminal.cast"],
                expected);
            var session = await StoredSession.OpenAsync(objects);
            Assert.Equal(SessionStatus.Completed, session.Metadata!.Status);
            Assert.Contains((await session.ReadIndexAsync())!.Blocks, b => b.Kind == BlockKind.Keyframe);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task IntroGenericHost_Run_RecordsASessionThroughDependencyInjection()
    {
        var work = Directory.CreateTempSubdirectory("ilmrec-generichost-");
        try
        {
            var root = Path.Combine(work.FullName, "store");
            var (exit, output) = await RunAsync("IntroGenericHost", work.FullName, root, "sess_from_host");
            Assert.True(exit == 0, output);
            Assert.Contains("recorded sess_from_host", output, StringComparison.Ordinal);

            var objects = DirectorySessionObjects.Open(Path.Combine(root, "sess_from_host"));
            Assert.Equal(await DemoRecipeObjectsAsync(), Shape(await NamesAsync(objects)));
            var session = await StoredSession.OpenAsync(objects);
            Assert.Equal((SessionStatus.Completed, "asm_1", "cand_7", "IntroGenericHost"), (session.Metadata!.Status, session.Metadata.AssessmentId, session.Metadata.CandidateId, session.Metadata.Environment["host"]));
            Assert.Equal(6, session.Metadata.EventCount);
            Assert.Equal(1, session.Metadata.TotalClaudeInteractions);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    // The objects of the session `ilmrec demo` writes (the built tool, run as a user runs it).
    private static async Task<List<string>> DemoRecipeObjectsAsync()
    {
        var work = Directory.CreateTempSubdirectory("ilmrec-demo-");
        try
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
            var ilmrec = Path.Combine(RepoPaths.Root, "src", "InterviewLM.Recording.Cli", "bin", configuration, "net10.0", "ilmrec.dll");
            Assert.True(File.Exists(ilmrec), $"{ilmrec} is missing; the test project builds the CLI.");
            var (exit, output) = await RunDllAsync(ilmrec, work.FullName, "demo", "--out", "demo");
            Assert.True(exit == 0, output);
            return Shape(await NamesAsync(DirectorySessionObjects.Open(Path.Combine(work.FullName, "demo"))));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task<List<string>> NamesAsync(DirectorySessionObjects objects)
    {
        var names = new List<string>();
        await foreach (var info in objects.ListAsync())
        {
            names.Add(info.Name);
        }

        return names;
    }

    // files/ by the presence of .diffs and .hash, not by file.
    private static List<string> Shape(IEnumerable<string> names) =>
        [.. names.Select(n => n.StartsWith("files/", StringComparison.Ordinal) ? "files/*" + Path.GetExtension(n) : n).Distinct().Order(StringComparer.Ordinal)];

    private static async Task<(int Exit, string Output)> RunAsync(string sample, string workingDirectory, params string[] arguments)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<Configuration>/net10.0/
        var dll = Path.Combine(RepoPaths.Root, "samples", sample, "bin", configuration, "net10.0", sample + ".dll");
        Assert.True(File.Exists(dll), $"{dll} is missing; the test project builds the samples.");
        return await RunDllAsync(dll, workingDirectory, arguments);
    }

    private static async Task<(int Exit, string Output)> RunDllAsync(string dll, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    [GeneratedRegex("```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
