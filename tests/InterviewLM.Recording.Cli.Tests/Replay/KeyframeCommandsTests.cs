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

        var session = SessionDirectory.Open(Path.Combine(_work, "d"));
        var index = session.TryReadIndex();
        Assert.NotNull(index);
        Assert.True(index.IsCurrentFor(new FileInfo(session.EventsPath).Length));
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
    public async Task Files_WithoutIndex_RebuildsItAndAnswersLikeTheFold()
    {
        Assert.Equal(0, (await IlmrecProcess.RunAsync(_work, null, "demo", "--out", "d")).ExitCode);
        var path = Path.Combine(_work, "d");
        File.Delete(Path.Combine(path, SessionDirectory.IndexFileName));
        var session = SessionDirectory.Open(path);
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

        var rebuilt = session.TryReadIndex();
        Assert.NotNull(rebuilt);
        Assert.True(rebuilt.IsCurrentFor(new FileInfo(session.EventsPath).Length));
        Assert.Contains(rebuilt.Blocks, b => b.Kind == BlockKind.Keyframe);
    }

    [Fact]
    public async Task Screen_AtMoments_EqualsReplayFromStart()
    {
        Assert.Equal(0, (await IlmrecProcess.RunAsync(_work, null, "demo", "--out", "d")).ExitCode);
        var session = SessionDirectory.Open(Path.Combine(_work, "d"));
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
