using FsCheck.Xunit;
using Microsoft.Extensions.Time.Testing;

namespace InterviewLM.Recording.Diff.Tests;

public sealed class CodeTrackerTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly List<SessionEvent> _events = [];

    private CodeTracker CreateTracker() => new(_events.Add, new CodeTrackerOptions { TimeProvider = _time });

    [Fact]
    public void CreateFile_RecordsFileAndFullSnapshot()
    {
        using var tracker = CreateTracker();
        tracker.CreateFile("f1", "main.py", "python", "print(1)\n");
        Assert.Equal(new FileCreated("f1", "main.py", "python", "print(1)\n"), _events[0]);
        var snapshot = Assert.IsType<CodeSnapshot>(_events[1]);
        Assert.Equal(ContentHasher.Hash("print(1)\n"), snapshot.ContentHash);
        Assert.Equal("print(1)\n", snapshot.FullContent);
        Assert.Empty(snapshot.Diff);
    }

    [Fact]
    public void Edit_FiveSecondsOfActivity_SnapshotWithDiffAndBaseHash()
    {
        using var tracker = CreateTracker();
        tracker.CreateFile("f1", "a.txt", initialContent: "one\ntwo\n");
        var firstHash = tracker.GetSnapshotHash("f1");
        tracker.Edit("f1", new TextChange(4, 3, "TWO"));
        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(3, _events.Count);
        _time.Advance(TimeSpan.FromSeconds(1));

        var snapshot = Assert.IsType<CodeSnapshot>(_events[3]);
        Assert.Null(snapshot.FullContent);
        Assert.Equal("one\nTWO\n", LineDiff.Apply(snapshot.Diff.Items, "one\ntwo\n"));
        Assert.Equal(ContentHasher.Hash("one\nTWO\n"), snapshot.ContentHash);
        Assert.Equal(firstHash, Assert.IsType<TextEdited>(_events[2]).BaseHash);

        tracker.Edit("f1", new TextChange(0, 0, "0\n"));
        Assert.Equal(snapshot.ContentHash, Assert.IsType<TextEdited>(_events[4]).BaseHash);
    }

    [Fact]
    public void Edit_ThirtySeconds_SnapshotCarriesFullContent()
    {
        using var tracker = CreateTracker();
        tracker.CreateFile("f1", "a.txt");
        var full = 0;
        for (var second = 0; second < 61; second++)
        {
            tracker.Edit("f1", new TextChange(0, 0, "x"));
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        var snapshots = _events.OfType<CodeSnapshot>().ToList();
        full = snapshots.Count(s => s.FullContent is not null);
        Assert.InRange(snapshots.Count, 12, 14);
        Assert.Equal(3, full);
    }

    [Fact]
    public void Complete_DirtyFile_FullSnapshotAtEnd()
    {
        using var tracker = CreateTracker();
        tracker.CreateFile("f1", "a.txt", initialContent: "a");
        tracker.CreateFile("f2", "b.txt", initialContent: "b");
        tracker.Edit("f1", new TextChange(1, 0, "!"));
        tracker.Complete();
        var last = Assert.IsType<CodeSnapshot>(_events[^1]);
        Assert.Equal("a!", last.FullContent);
        Assert.Equal(6, _events.Count);
        Assert.Throws<InvalidOperationException>(() => tracker.Edit("f1", new TextChange(0, 0, "x")));
    }

    [Fact]
    public void Edit_OutsideDocument_ThrowsAndRecordsNothing()
    {
        using var tracker = CreateTracker();
        tracker.CreateFile("f1", "a.txt", initialContent: "abc");
        Assert.Throws<ArgumentOutOfRangeException>(() => tracker.Edit("f1", new TextChange(2, 5, "x")));
        Assert.Throws<ArgumentException>(() => tracker.Edit("nope", new TextChange(0, 0, "x")));
        Assert.Equal(2, _events.Count);
    }

    [Fact]
    public async Task Recorder_TrackedSession_IsValidAndRebuilds()
    {
        var sink = new MemorySink();
        var recorder = SessionRecorder.Start(sink, new SessionRecorderOptions { TimeProvider = _time });
        using (var tracker = new CodeTracker(recorder, new CodeTrackerOptions { TimeProvider = _time }))
        {
            tracker.CreateFile("f1", "src/app.ts", "typescript", "let a = 1;\r\n");
            for (var i = 0; i < 50; i++)
            {
                tracker.Edit("f1", new TextChange(0, 0, $"// {i}\r\n"));
                _time.Advance(TimeSpan.FromMilliseconds(700));
            }

            tracker.Rename("f1", "src/main.ts");
            tracker.Complete();
        }

        await recorder.CompleteAsync();
        var workspace = new CodeWorkspace();
        foreach (var recorded in sink.Events)
        {
            workspace.Apply(recorded);
        }

        Assert.Empty(workspace.Problems);
        var file = Assert.Single(workspace.Files);
        Assert.Equal("src/main.ts", file.Path);
        Assert.StartsWith("// 49\r\n// 48\r\n", file.GetContent());
    }

    [Property(MaxTest = 100)]
    public void Snapshots_RandomEditSequence_RebuildEqualsDirectApplication(byte[] initial, int[] edits)
    {
        var time = new FakeTimeProvider();
        var events = new List<SessionEvent>();
        var initialText = TestText.Lines(initial);
        var direct = new TextDocument(initialText);
        using (var tracker = new CodeTracker(events.Add, new CodeTrackerOptions { TimeProvider = time }))
        {
            tracker.CreateFile("f", "f.txt", initialContent: initialText);
            foreach (var edit in edits ?? [])
            {
                var text = direct.GetText();
                var offset = TestText.Snap(text, (int)((uint)edit % (text.Length + 1)));
                var length = TestText.Snap(text, Math.Min(text.Length, offset + ((edit >> 8) & 3))) - offset;
                var insert = TestText.Lines(BitConverter.GetBytes(edit)[..((edit >> 12) & 3)]);
                var change = new TextChange(offset, Math.Max(0, length), insert);
                tracker.Edit("f", change);
                direct.Apply(change);
                time.Advance(TimeSpan.FromMilliseconds((edit >> 16) & 4095));
            }

            tracker.Complete();
        }

        // Rebuild from snapshots alone: full content or previous snapshot + diff, and check every hash.
        string? rebuilt = null;
        foreach (var snapshot in events.OfType<CodeSnapshot>())
        {
            rebuilt = snapshot.FullContent ?? LineDiff.Apply(snapshot.Diff.Items, rebuilt!);
            Assert.Equal(snapshot.ContentHash, ContentHasher.Hash(rebuilt));
        }

        Assert.Equal(direct.GetText(), rebuilt);

        var workspace = new CodeWorkspace();
        events.ForEach(workspace.Apply);
        Assert.Empty(workspace.Problems);
    }
}
