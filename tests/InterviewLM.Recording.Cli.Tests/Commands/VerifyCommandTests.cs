using System.Text;
using System.Text.Json;
using InterviewLM.Recording.Cli.Tests.Terminal;
using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Cli.Tests.Commands;

public sealed class VerifyCommandTests
{
    [Fact]
    public async Task Verify_SnapshotHashNotOfTheFileContent_FailsNamingTheEvent()
    {
        // Every block, the sequence, the metadata and the index are fine; only the fold sees the snapshot's wrong hash.
        var root = Directory.CreateTempSubdirectory("ilmrec-verify-").FullName;
        try
        {
            var path = Path.Combine(root, "s");
            await using (var sink = await SessionStorageSink.CreateAsync(DirectorySessionObjects.Create(path)))
            {
                RecordedEvent At(long sequence, double seconds, SessionEvent value) => new(sequence, TimeSpan.FromSeconds(seconds), value);
                await sink.WriteAsync(new[]
                {
                    At(0, 0, new SessionStarted("sess_bad_hash", DateTimeOffset.UnixEpoch)),
                    At(1, 1, new FileCreated("f", "main.py", "python", "ab")),
                    At(2, 2, new TextEdited("f", new[] { new TextChange(2, 0, "c", null) }, null)),
                });
                await sink.WriteAsync(new[]
                {
                    At(3, 3, new CodeSnapshot("f", ContentHasher.Hash("not what the edits give"), EquatableArray<LineDiffOperation>.Empty, "abc")),
                    At(4, 4, new SessionEnded("completed")),
                });
                await sink.CompleteAsync();
            }

            var human = await IlmrecProcess.RunAsync(root, null, "verify", path);
            var json = await IlmrecProcess.RunAsync(root, null, "verify", path, "--json");

            Assert.Equal(1, human.ExitCode);
            Assert.Contains("event 3", Encoding.UTF8.GetString(human.StandardOutput), StringComparison.Ordinal);
            Assert.Equal(1, json.ExitCode);
            using var document = JsonDocument.Parse(json.StandardOutput);
            Assert.False(document.RootElement.GetProperty("intact").GetBoolean());
            var problem = Assert.Single(document.RootElement.GetProperty("problems").EnumerateArray());
            Assert.Equal("SnapshotHashMismatch", problem.GetProperty("kind").GetString());
            Assert.Equal(1, problem.GetProperty("block").GetInt32());
            Assert.Contains("event 3 ", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
