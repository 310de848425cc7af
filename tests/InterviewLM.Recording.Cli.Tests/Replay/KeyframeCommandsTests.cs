using System.Text;
using InterviewLM.Recording.Cli.Commands;
using InterviewLM.Recording.Cli.Tests.Terminal;
using InterviewLM.Recording.Diff;
using InterviewLM.Recording.Replay;
using InterviewLM.Recording.Storage;
using InterviewLM.Recording.Terminal;

namespace InterviewLM.Recording.Cli.Tests.Replay;

public sealed class KeyframeCommandsTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("ilmrec-cli-kf-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Demo_WritesKeyframesAndSeekIndex_AndStaysIntact()
    {
        Assert.Equal(0, (await IlmrecProcess.RunAsync(_work, null, "demo", "--out", "d")).ExitCode);

        var session = await CliStore.OpenAsync(Path.Combine(_work, "d"), CancellationToken.None);
        var index = await session.ReadIndexAsync();
        Assert.NotNull(index);
        Assert.True(index.IsCurrentFor(await session.GetEventsLengthAsync()));
        Assert.Equal(session.Metadata!.EventCount, index.EventCount);
        Assert.Contains(index.Blocks, b => b.Kind == BlockKind.Keyframe);
        var keyframesRead = 0;
        await foreach (var result in session.ReadBlocksAsync())
        {
            Assert.Null(result.Damage);
            keyframesRead += result.Keyframe is null ? 0 : 1;
        }

        Assert.Equal(index.Blocks.Count(b => b.Kind == BlockKind.Keyframe), keyframesRead);
        var verify = await IlmrecProcess.RunAsync(_work, null, "verify", "d");
        Assert.True(verify.ExitCode == 0, verify.StandardError + Encoding.UTF8.GetString(verify.StandardOutput));
    }

    [Fact]
    public async Task Files_WithoutIndex_AnswersLikeTheFoldAndWritesNoIndex()
    {
        Assert.Equal(0, (await IlmrecProcess.RunAsync(_work, null, "demo", "--out", "d")).ExitCode);
        var path = Path.Combine(_work, "d");
        File.Delete(Path.Combine(path, SessionObjectNames.Index));
        var session = await CliStore.OpenAsync(path, CancellationToken.None);
        var events = new List<RecordedEvent>();
        await foreach (var recorded in session.ReadEventsAsync())
        {
            events.Add(recorded);
        }

        foreach (var at in events.Select(e => e.Time).Distinct().Where((_, i) => i % 3 == 0).Append(TimeSpan.MaxValue))
        {
            var workspace = new CodeWorkspace();
            foreach (var recorded in events.TakeWhile(e => e.Time <= at))
            {
                workspace.Apply(recorded);
            }

            var expected = new StringBuilder();
            foreach (var file in workspace.Files)
            {
                var content = file.GetContent();
                expected.Append("==> ").Append(file.Path).Append(" <==\n").Append(content);
                if (content.Length > 0 && content[^1] != '\n')
                {
                    expected.Append('\n');
                }
            }

            Assert.Equal(expected.ToString(), await FilesCommand.RenderAsync(session, at, json: false, file: null, CancellationToken.None));
        }

        // Reading never writes: the index is built in memory for the seeks, and only "ilmrec rebuild" stores it.
        Assert.False(File.Exists(Path.Combine(path, SessionObjectNames.Index)));
        Assert.Equal(0, await Program.BuildRootCommand().Parse(["rebuild", path]).InvokeAsync());
        var rebuilt = await session.ReadIndexAsync();
        Assert.NotNull(rebuilt);
        Assert.True(rebuilt.IsCurrentFor(await session.GetEventsLengthAsync()));
        Assert.Contains(rebuilt.Blocks, b => b.Kind == BlockKind.Keyframe);
    }

    [Fact]
    public async Task Screen_AtMoments_EqualsReplayFromStart()
    {
        Assert.Equal(0, (await IlmrecProcess.RunAsync(_work, null, "demo", "--out", "d")).ExitCode);
        var session = await CliStore.OpenAsync(Path.Combine(_work, "d"), CancellationToken.None);
        var events = new List<RecordedEvent>();
        await foreach (var recorded in session.ReadEventsAsync())
        {
            events.Add(recorded);
        }

        var terminalTimes = events.Where(e => e.Event.Channel == EventChannel.Terminal).Select(e => e.Time).ToList();
        foreach (var at in new[] { terminalTimes[^1], terminalTimes[terminalTimes.Count / 2] })
        {
            var screen = await IlmrecProcess.RunAsync(_work, null, "screen", "d", "--at", at.TotalSeconds.ToString("R", System.Globalization.CultureInfo.InvariantCulture), "--json");
            Assert.True(screen.ExitCode == 0, screen.StandardError);
            var expected = TerminalReplay.ScreenAt(events, TimeSpan.FromSeconds(at.TotalSeconds))!.GetScreenText().ToJson();
            Assert.Equal(expected, Encoding.UTF8.GetString(screen.StandardOutput).Trim());
        }
    }
}
