using System.Text.Json;
using FsCheck.Xunit;
using InterviewLM.Recording.Testing;
using InterviewLM.Recording.TestUtils;
using Microsoft.Extensions.Time.Testing;

namespace InterviewLM.Recording.Diff.Tests;

public sealed class CodeProjectionsTests
{
    [Fact]
    public void EscapeFileId_PathLikeId_IsSafeFileName()
    {
        Assert.Equal("src%2Fmain.py", CodeProjections.EscapeFileId("src/main.py"));
        Assert.Equal("%2E.", CodeProjections.EscapeFileId(".."));
        Assert.Equal("f_1-a", CodeProjections.EscapeFileId("f_1-a"));
        Assert.Equal("%C3%A9", CodeProjections.EscapeFileId("é"));
    }

    [Property(MaxTest = 40)]
    public async Task UseCodeFiles_TrackedSession_DiffsRebuildEverySnapshotAndFinalHash(byte[] initial, int[] edits)
    {
        var time = new FakeTimeProvider();
        var recorded = new List<RecordedEvent> { new(0, TimeSpan.Zero, new SessionStarted("sess_code", time.GetUtcNow())) };
        var direct = new TextDocument(TestText.Lines(initial));
        using (var tracker = new CodeTracker(e => recorded.Add(new RecordedEvent(recorded.Count, time.GetUtcNow() - time.Start, e)), new CodeTrackerOptions { TimeProvider = time }))
        {
            tracker.CreateFile("src/a.txt", "src/a.txt", initialContent: direct.GetText());
            tracker.CreateFile("gone", "gone.txt", initialContent: "bye\n");
            foreach (var edit in edits ?? [])
            {
                var text = direct.GetText();
                var offset = TestText.Snap(text, (int)((uint)edit % (text.Length + 1)));
                var change = new TextChange(offset, 0, TestText.Lines(BitConverter.GetBytes(edit)[..((edit >> 12) & 3)]));
                tracker.Edit("src/a.txt", change);
                direct.Apply(change);
                time.Advance(TimeSpan.FromMilliseconds((edit >> 16) & 8191));
            }

            tracker.Edit("gone", new TextChange(0, 3, "ciao"));
            tracker.Delete("gone");
            tracker.Complete();
        }

        var (objects, rebuilt) = await ProjectionHarness.RecordAndRebuildAsync(recorded, static b => b.UseCodeFiles(), static () => new CodeProjections());
        var names = await ProjectionHarness.ProjectionNamesAsync(objects);
        Assert.Equal(["files/gone.diffs", "files/gone.hash", "files/src%2Fa.txt.diffs", "files/src%2Fa.txt.hash"], names);
        Assert.Equal(names, await ProjectionHarness.ProjectionNamesAsync(rebuilt));
        foreach (var name in names)
        {
            Assert.Equal(objects.GetContent(name), rebuilt.GetContent(name)); // the layer and the rebuild write the same bytes
        }

        string? content = null;
        var lines = Text(objects, "files/src%2Fa.txt.diffs").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(recorded.Count(r => r.Event is CodeSnapshot { FileId: "src/a.txt" }), lines.Length);
        var previousTime = 0.0;
        foreach (var line in lines)
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            Assert.True(root.GetProperty("time").GetDouble() >= previousTime);
            previousTime = root.GetProperty("time").GetDouble();
            content = root.TryGetProperty("fullContent", out var full) ? full.GetString()! : LineDiff.Apply(ParseDiff(root.GetProperty("diff")), content!);
            Assert.Equal(root.GetProperty("hash").GetString(), ContentHasher.Hash(content));
        }

        Assert.Equal(direct.GetText(), content);
        Assert.Equal(ContentHasher.Hash(direct.GetText()) + "\n", Text(objects, "files/src%2Fa.txt.hash"));
        Assert.Equal(ContentHasher.Hash("ciao\n") + "\n", Text(objects, "files/gone.hash"));
    }

    [Fact]
    public async Task UseCodeFiles_NoCodeEvents_WritesNoFiles()
    {
        var (objects, rebuilt) = await ProjectionHarness.RecordAndRebuildAsync(
            [new(0, TimeSpan.Zero, new SessionStarted("s", DateTimeOffset.UnixEpoch)), new(1, TimeSpan.FromSeconds(1), new SessionEnded("completed"))],
            static b => b.UseCodeFiles(),
            static () => new CodeProjections());
        Assert.Empty(await ProjectionHarness.ProjectionNamesAsync(objects));
        Assert.Empty(await ProjectionHarness.ProjectionNamesAsync(rebuilt));
    }

    private static string Text(InMemorySessionObjects objects, string name) => System.Text.Encoding.UTF8.GetString(objects.GetContent(name) ?? throw new Xunit.Sdk.XunitException($"no {name}"));

    private static LineDiffOperation[] ParseDiff(JsonElement diff) => diff.EnumerateArray().Select(op => op.GetProperty("op").GetString() switch
    {
        "keep" => LineDiffOperation.Keep(op.GetProperty("count").GetInt32()),
        "delete" => LineDiffOperation.Delete(op.GetProperty("count").GetInt32()),
        _ => LineDiffOperation.Insert(op.GetProperty("lines").EnumerateArray().Select(l => l.GetString()!).ToArray()),
    }).ToArray();
}
