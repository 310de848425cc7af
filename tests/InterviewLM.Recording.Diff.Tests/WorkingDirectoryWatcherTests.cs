using Microsoft.Extensions.Time.Testing;

namespace InterviewLM.Recording.Diff.Tests;

public sealed class WorkingDirectoryWatcherTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("ilmrec-watch-");
    private readonly FakeTimeProvider _time = new();
    private readonly List<SessionEvent> _events = [];
    private readonly CodeWorkspace _workspace = new();

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void Scan_CreateEditRenameDelete_RecordsEventsThatRebuildTheDirectory()
    {
        Write("src/main.py", "def f():\n    return 1\n");
        Write("README.md", "# hi\r\n");
        Write(".git/HEAD", "ref: refs/heads/main\n");
        Write("bin/Debug/app.dll.txt", "ignored\n");
        Write("node_modules/x/index.js", "ignored\n");
        Write("obj/project.assets.json", "{}");
        using var watcher = CreateWatcher(new WorkingDirectoryWatcherOptions { TimeProvider = _time, UseFileSystemWatcher = false, MaxFileSize = 100 });
        Write("big.txt", new string('x', 101));
        watcher.Start();
        Assert.Equal(["README.md", "src/main.py"], _events.OfType<FileCreated>().Select(e => e.Path).Order(StringComparer.Ordinal));

        Write("src/main.py", "def f():\n    return 2\n\ndef g():\n    pass\n");
        Assert.Equal(1, watcher.Scan());
        var edit = Assert.IsType<TextEdited>(_events[^1]);
        Assert.Single(edit.Changes);

        File.Move(Path.Combine(_directory.FullName, "README.md"), Path.Combine(_directory.FullName, "docs.md"));
        Write("new.txt", "new\n");
        File.Delete(Path.Combine(_directory.FullName, "src/main.py"));
        Write("src/other.py", "x = 1");
        Assert.Equal(4, watcher.Scan());
        Assert.Contains(_events, e => e is FileRenamed { NewPath: "docs.md" });
        Assert.Contains(_events, e => e is FileDeleted);
        Assert.Equal(0, watcher.Scan());

        Rebuild();
        Assert.Equal(
            ["docs.md=# hi\r\n", "new.txt=new\n", "src/other.py=x = 1"],
            _workspace.Files.Select(f => $"{f.Path}={f.GetContent()}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Scan_ManyEditsToOneFile_EditsApplyToRecordedContent()
    {
        using var watcher = CreateWatcher(new WorkingDirectoryWatcherOptions { TimeProvider = _time, UseFileSystemWatcher = false });
        Write("a.txt", "1\n2\n3\n4\n5\n");
        watcher.Start();
        string[] versions = ["1\n2\n3\n4\n5\n6", "0\n1\n2\nthree\n4\n5\n6", "", "crlf\r\nnow\r\n", "crlf\r\nnow\r\nmore"];
        foreach (var version in versions)
        {
            Write("a.txt", version);
            Assert.Equal(1, watcher.Scan());
        }

        Rebuild();
        Assert.Equal(versions[^1], Assert.Single(_workspace.Files).GetContent());
    }

    [Fact]
    public async Task Start_FileSystemNotification_ScansAfterDebounce()
    {
        using var watcher = CreateWatcher(new WorkingDirectoryWatcherOptions { TimeProvider = _time, ScanInterval = Timeout.InfiniteTimeSpan });
        watcher.Start();
        Assert.Empty(_events);
        Write("typed.txt", "hello\n");

        // The notification arrives on a thread-pool thread; the debounce timer runs on the fake clock.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (Snapshot().Length == 0)
        {
            _time.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Delay(10, timeout.Token);
        }

        Assert.Equal("typed.txt", Assert.IsType<FileCreated>(Assert.Single(Snapshot())).Path);
        Assert.Null(watcher.LastError);
    }

    private WorkingDirectoryWatcher CreateWatcher(WorkingDirectoryWatcherOptions options) => new(_directory.FullName, e =>
    {
        lock (_events)
        {
            _events.Add(e);
        }
    }, options);

    private SessionEvent[] Snapshot()
    {
        lock (_events)
        {
            return [.. _events];
        }
    }

    private void Rebuild()
    {
        foreach (var e in Snapshot())
        {
            _workspace.Apply(e);
        }

        Assert.Empty(_workspace.Problems);
    }

    private void Write(string relative, string content)
    {
        var path = Path.Combine(_directory.FullName, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
