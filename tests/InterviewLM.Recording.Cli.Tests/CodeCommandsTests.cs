using System.Diagnostics;
using System.Text;
using InterviewLM.Recording.Cli.Commands;
using InterviewLM.Recording.Diff;
using InterviewLM.Recording.TestUtils;

namespace InterviewLM.Recording.Cli.Tests;

public sealed class CodeCommandsTests
{
    public static TheoryData<string> Traces()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(TracesDirectory, "*.json.gz").Concat(Directory.GetFiles(Path.Combine(TracesDirectory, "ascii_only"), "*.json.gz")).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(TracesDirectory, path));
        }

        return data;
    }

    private static string TracesDirectory { get; } = Path.Combine(FindRepoRoot(), "..", "shared", "corpus", "editing-traces", "sequential_traces");

    [Fact]
    public void Traces_CorpusHasSixteen() => Assert.Equal(16, Traces().Count);

    [Theory]
    [MemberData(nameof(Traces))]
    public async Task ImportTrace_ThenFiles_EndAndIntermediateContentMatchTrace(string relativePath)
    {
        var tracePath = Path.Combine(TracesDirectory, relativePath);
        var trace = EditingTrace.Load(tracePath);
        var target = Path.Combine(Path.GetTempPath(), "ilmrec-import-" + Guid.NewGuid().ToString("N"));
        try
        {
            await ImportTraceCommand.ImportAsync(tracePath, target, "jsonl-gz", idleLimit: null, snapshots: false, CancellationToken.None);
            var session = await CliStore.OpenAsync(target, CancellationToken.None);
            Assert.Equal(trace.EndContent, await FilesCommand.RenderAsync(session, TimeSpan.MaxValue, json: false, trace.Name + ".txt", CancellationToken.None));

            // Intermediate moments, against the trace spliced independently up to each moment.
            var times = EditingTraceOracle.TransactionTimes(trace);
            TimeSpan[] moments = [TimeSpan.Zero, times[times.Length / 3], times[2 * times.Length / 3]];
            var states = await CodeState.AtAsync(session, moments, CancellationToken.None);
            for (var i = 0; i < moments.Length; i++)
            {
                Assert.Equal(Splice(trace, times, moments[i]), Assert.Single(states[i]).Content);
            }

            var hash = await File.ReadAllTextAsync(Path.Combine(target, "files", trace.Name + ".hash"));
            Assert.Equal(ContentHasher.Hash(trace.EndContent) + "\n", hash);
        }
        finally
        {
            Directory.Delete(target, recursive: true);
        }
    }

    [Fact]
    public async Task Diff_BetweenTwoMoments_GitApplyTurnsFirstIntoSecond()
    {
        var tracePath = Path.Combine(TracesDirectory, "sveltecomponent.json.gz");
        var target = Path.Combine(Path.GetTempPath(), "ilmrec-diff-" + Guid.NewGuid().ToString("N"));
        var work = Directory.CreateTempSubdirectory("ilmrec-apply-");
        try
        {
            Assert.Equal(0, await Program.BuildRootCommand().Parse(["import-trace", tracePath, "--out", target, "--idle-limit", "60", "--snapshots"]).InvokeAsync());
            var session = await CliStore.OpenAsync(target, CancellationToken.None);
            var from = TimeSpan.FromSeconds(600);
            var to = TimeSpan.FromSeconds(3000);
            var patch = await DiffCommand.RenderAsync(session, from, to, CancellationToken.None);
            Assert.StartsWith("--- a/sveltecomponent.txt\n+++ b/sveltecomponent.txt\n@@ ", patch);
            var before = await FilesCommand.RenderAsync(session, from, json: false, "sveltecomponent.txt", CancellationToken.None);
            var after = await FilesCommand.RenderAsync(session, to, json: false, "sveltecomponent.txt", CancellationToken.None);
            Assert.NotEqual(before, after);
            await File.WriteAllTextAsync(Path.Combine(work.FullName, "sveltecomponent.txt"), before);
            await File.WriteAllTextAsync(Path.Combine(work.FullName, "change.diff"), patch);
            var git = Process.Start(new ProcessStartInfo("git", ["apply", "change.diff"]) { WorkingDirectory = work.FullName, RedirectStandardError = true })!;
            var error = await git.StandardError.ReadToEndAsync();
            await git.WaitForExitAsync();
            Assert.True(git.ExitCode == 0, error);
            Assert.Equal(after, await File.ReadAllTextAsync(Path.Combine(work.FullName, "sveltecomponent.txt")));

            var json = await FilesCommand.RenderAsync(session, TimeSpan.MaxValue, json: true, file: null, CancellationToken.None);
            Assert.Contains("\"path\": \"sveltecomponent.txt\"", json);
            Assert.True(new FileInfo(Path.Combine(target, "files", "sveltecomponent.diffs")).Length > 0);
        }
        finally
        {
            Directory.Delete(target, recursive: true);
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public void SessionTime_Values_ParseOrExplain()
    {
        Assert.Equal(TimeSpan.MaxValue, SessionTime.Parse("end", "--at"));
        Assert.Equal(TimeSpan.FromSeconds(12.5), SessionTime.Parse("12.5", "--at"));
        Assert.Contains("--at", Assert.Throws<ArgumentException>(() => SessionTime.Parse("-1", "--at")).Message);
    }

    /// <summary>Array.splice on a char array; the corpus has no code points above U+FFFF (checked), so code points are UTF-16 units.</summary>
    private static string Splice(EditingTrace trace, TimeSpan[] times, TimeSpan until)
    {
        var chars = new char[Math.Max(1024, trace.StartContent.Length * 2)];
        trace.StartContent.CopyTo(0, chars, 0, trace.StartContent.Length);
        var length = trace.StartContent.Length;
        for (var t = 0; t < trace.Transactions.Count && times[t] <= until; t++)
        {
            foreach (var patch in trace.Transactions[t].Patches)
            {
                Assert.DoesNotContain(patch.Text, char.IsSurrogate);
                var newLength = length - patch.DeleteCount + patch.Text.Length;
                if (newLength > chars.Length)
                {
                    Array.Resize(ref chars, newLength * 2);
                }

                Array.Copy(chars, patch.Position + patch.DeleteCount, chars, patch.Position + patch.Text.Length, length - patch.Position - patch.DeleteCount);
                patch.Text.CopyTo(0, chars, patch.Position, patch.Text.Length);
                length = newLength;
            }
        }

        return new string(chars, 0, length);
    }

    private static string FindRepoRoot() => RepoPaths.Root;
}
