namespace InterviewLM.Recording.Cli.Tests.Archive;

public sealed class ConvertCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ilmrec-convert-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Convert_DemoToArchiveAndBack_KeepsEveryEventAndEveryCommandReadsTheArchive()
    {
        var demo = Path.Combine(_root, "demo");
        var archive = Path.Combine(_root, "archive");
        var back = Path.Combine(_root, "back");
        Assert.Equal(0, await Program.BuildRootCommand().Parse(["demo", "--out", demo]).InvokeAsync());
        Assert.Equal(0, await Program.BuildRootCommand().Parse(["convert", demo, "--out", archive]).InvokeAsync());
        Assert.Equal(0, await Program.BuildRootCommand().Parse(["convert", archive, "--codec", "jsonl", "--out", back]).InvokeAsync());
        Assert.Equal(0, await Program.BuildRootCommand().Parse(["verify", archive]).InvokeAsync());

        var original = await ReadAsync(demo);
        Assert.True(File.Exists(Path.Combine(archive, "events.ilmb")));
        Assert.Equal(original, await ReadAsync(archive));
        Assert.Equal(original, await ReadAsync(back));

        Assert.Equal(0, await Program.BuildRootCommand().Parse(["convert", back, "--in-place"]).InvokeAsync());
        Assert.Equal("protobuf-brotli", (await CliStore.OpenAsync(back, CancellationToken.None)).Metadata!.Codec);
        Assert.Equal(original, await ReadAsync(back));
    }

    private static async Task<List<RecordedEvent>> ReadAsync(string directory)
    {
        var list = new List<RecordedEvent>();
        await foreach (var e in (await CliStore.OpenAsync(directory, CancellationToken.None)).ReadEventsAsync())
        {
            list.Add(e);
        }

        return list;
    }
}
