using System.Text;
using System.Text.Json;
using InterviewLM.Recording.Terminal;

namespace InterviewLM.Recording.Cli.Tests.Terminal;

/// <summary><c>ilmrec record --archive</c>: the finished recording becomes the protobuf-brotli archive in place, verified.</summary>
public sealed class RecordArchiveTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ilmrec-cli-archive-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task Record_Archive_LeavesAVerifiedArchiveWithEveryOutputAndNoLiveFile()
    {
        const string script = "echo archived-$((6*7)); exit\n";

        var archived = await IlmrecProcess.RunAsync(_dir.FullName, script, "record", "--archive", "--out", "s", "--", "bash", "--norc", "--noprofile");

        Assert.True(archived.ExitCode == 0, archived.StandardError);
        Assert.Contains("archived", archived.StandardError, StringComparison.Ordinal);
        var session = Path.Combine(_dir.FullName, "s");
        Assert.True(File.Exists(Path.Combine(session, "events.ilmb")));
        Assert.False(File.Exists(Path.Combine(session, "events.jsonl.gz")));
        Assert.False(Directory.Exists(session + ".archiving")); // no sibling left from the conversion
        Assert.False(Directory.Exists(session + ".replaced"));

        var verify = await IlmrecProcess.RunAsync(_dir.FullName, null, "verify", "s", "--json");
        Assert.True(verify.ExitCode == 0, Encoding.UTF8.GetString(verify.StandardOutput) + verify.StandardError);
        using var check = JsonDocument.Parse(verify.StandardOutput);
        Assert.Equal("protobuf-brotli", check.RootElement.GetProperty("codec").GetString());
        Assert.True(check.RootElement.GetProperty("intact").GetBoolean());

        // Nothing lost on the way into the archive: its terminal output is exactly what record showed.
        var export = await IlmrecProcess.RunAsync(_dir.FullName, null, "export", "s", "--format", "asciicast-v2", "--out", "s.cast");
        Assert.True(export.ExitCode == 0, export.StandardError);
        using var reader = AsciicastReader.Open(Path.Combine(_dir.FullName, "s.cast"));
        Assert.Equal(Encoding.UTF8.GetString(archived.StandardOutput), string.Concat(reader.ReadEvents().Where(e => e.Code == "o").Select(e => e.Data)));

        var screen = await IlmrecProcess.RunAsync(_dir.FullName, null, "screen", "s", "--at", "end");
        Assert.Contains("archived-42", Encoding.UTF8.GetString(screen.StandardOutput), StringComparison.Ordinal);
    }
}
