using InterviewLM.Recording.Storage.Gzip;
using InterviewLM.Recording.Storage.Jsonl;
using Microsoft.Extensions.Time.Testing;

namespace InterviewLM.Recording.Storage.Tests;

public sealed class SessionDirectoryTests
{
    internal static string NewPath() => Path.Combine(Path.GetTempPath(), "ilmrec-tests", Guid.NewGuid().ToString("N"));

    internal static IEnumerable<SessionEvent> SampleEvents()
    {
        yield return new FileCreated("f1", "main.py", "python");
        yield return new TextEdited("f1", new[] { new TextChange(0, 0, "print('hi')\n", new TextRange(1, 1, 1, 1)) });
        yield return new TerminalStarted(80, 24, "bash", "xterm-256color");
        yield return new TerminalOutput("$ python main.py\r\nhi\r\n");
        yield return new TerminalResized(100, 30);
        yield return new ClaudeInteraction("msg_1", "claude-sonnet-4-5", "why?", "because", new ClaudeUsage(10, 5, 1, 2), TimeSpan.FromMilliseconds(900))
        {
            ToolUses = new[] { new ClaudeToolUse("toolu_1", "run", "{\"x\":1}") },
            StopReason = "tool_use",
            TimeToFirstToken = TimeSpan.FromMilliseconds(120),
            HttpStatus = 200,
        };
        yield return new Marker("done");
        yield return new CodeSnapshot("f1", ContentHasher.Hash("print('hi')\n"), EquatableArray<LineDiffOperation>.Empty, "print('hi')\n");
    }

    internal static async Task<string> RecordSampleAsync(IEventCodec codec, int maxBlockEvents = 3)
    {
        var path = NewPath();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero));
        var sink = SessionDirectory.Create(path, new SessionDirectoryOptions { Codec = codec, TimeProvider = clock, CandidateId = "cand_1" });
        await using (sink)
        {
            await using var recorder = SessionRecorder.Start(sink, new SessionRecorderOptions { TimeProvider = clock, SessionId = "sess_t", MaxBlockEvents = maxBlockEvents, FlushInterval = TimeSpan.FromHours(1) });
            foreach (var value in SampleEvents())
            {
                clock.Advance(TimeSpan.FromMilliseconds(250));
                recorder.Record(value);
            }
        }

        return path;
    }

    [Theory]
    [InlineData("jsonl")]
    [InlineData("jsonl-gz")]
    public async Task Create_RecordedSession_ReopensWithEveryEventAndIsIntact(string codecName)
    {
        var path = await RecordSampleAsync(EventCodecs.Default.Get(codecName));
        try
        {
            var session = SessionDirectory.Open(path);
            Assert.Equal(codecName, session.Codec.Name);
            var events = new List<RecordedEvent>();
            await foreach (var recorded in session.ReadEventsAsync())
            {
                events.Add(recorded);
            }

            Assert.Equal(SampleEvents().Count() + 2, events.Count);
            Assert.Equal(SampleEvents(), events.Skip(1).Take(events.Count - 2).Select(e => e.Event));
            Assert.IsType<SessionStarted>(events[0].Event);
            Assert.Equal(new SessionEnded("completed"), events[^1].Event);
            Assert.Equal(Enumerable.Range(0, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
            Assert.Equal(TimeSpan.FromMilliseconds(250), events[1].Time);

            var metadata = session.Metadata!;
            Assert.Equal(SessionStatus.Completed, metadata.Status);
            Assert.Equal("sess_t", metadata.SessionId);
            Assert.Equal("cand_1", metadata.CandidateId);
            Assert.Equal(events.Count, metadata.EventCount);
            Assert.Equal(1, metadata.TotalClaudeInteractions);
            Assert.Equal("print('hi')\n".Length, metadata.TotalKeystrokes);
            Assert.Equal(ContentHasher.Hash("print('hi')\n"), metadata.Files["main.py"].FinalHash);

            var index = session.TryReadIndex()!;
            Assert.Equal(events.Count, index.EventCount);
            Assert.Equal(4, index.Blocks.Count);
            Assert.Contains(index.Checkpoints, c => c.Description == "first_claude_call" && c.EventIndex == 6);
            Assert.Equal(2, index.FindBlockAt(TimeSpan.FromMilliseconds(1600)));

            var verification = await SessionVerification.VerifyAsync(session);
            Assert.True(verification.IsIntact, string.Join("; ", verification.Problems.Select(p => p.Detail)));

        }
        finally
        {
            Directory.Delete(path, recursive: true);
        }
    }

    [Theory]
    [InlineData("jsonl")]
    [InlineData("jsonl-gz")]
    public async Task Verify_OneByteFlippedInTheEventsFile_NamesTheBlockAndOffset(string codecName)
    {
        var path = await RecordSampleAsync(EventCodecs.Default.Get(codecName));
        try
        {
            var session = SessionDirectory.Open(path);
            var block = session.TryReadIndex()!.Blocks[1];
            var bytes = await File.ReadAllBytesAsync(session.EventsPath);
            bytes[block.Offset + (block.Length / 2)] ^= 0x01;
            await File.WriteAllBytesAsync(session.EventsPath, bytes);

            var verification = await SessionVerification.VerifyAsync(SessionDirectory.Open(path));
            Assert.False(verification.IsIntact);
            var problem = verification.Problems[0];
            Assert.Equal(1, problem.BlockIndex);
            Assert.Equal(block.Offset, problem.Offset);
            Assert.Contains($"block 1 at byte offset {block.Offset}", problem.Detail, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(path, recursive: true);
        }
    }

    [Fact]
    public async Task Open_SessionNeverCompleted_ReadsEveryFlushedEventAndVerifyReportsIt()
    {
        var path = NewPath();
        var clock = new FakeTimeProvider();
        var sink = SessionDirectory.Create(path, new SessionDirectoryOptions { Codec = GzipJsonlCodec.Instance });
        var recorder = SessionRecorder.Start(sink, new SessionRecorderOptions { TimeProvider = clock, MaxBlockEvents = 2 });
        foreach (var value in SampleEvents())
        {
            recorder.Record(value);
        }

        await recorder.FlushAsync();
        await sink.DisposeAsync(); // a crash: nothing finalized

        try
        {
            var session = SessionDirectory.Open(path);
            Assert.Equal(SessionStatus.Active, session.Metadata!.Status);
            var count = 0;
            await foreach (var recorded in session.ReadEventsAsync())
            {
                Assert.Equal(count++, recorded.Sequence);
            }

            Assert.Equal(SampleEvents().Count() + 1, count);
            var verification = await SessionVerification.VerifyAsync(session);
            Assert.Contains(verification.Problems, p => p.Kind == "NotFinalized");
            Assert.Equal(count, verification.EventCount);
        }
        finally
        {
            Directory.Delete(path, recursive: true);
        }
    }

    [Fact]
    public void Create_DirectoryNotEmpty_Throws()
    {
        var path = NewPath();
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, "x"), "x");
        try
        {
            var ex = Assert.Throws<IOException>(() => SessionDirectory.Create(path));
            Assert.Contains("not empty", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(path, recursive: true);
        }
    }

    [Fact]
    public void Open_NoEventsFile_ThrowsClearly()
    {
        var path = NewPath();
        Directory.CreateDirectory(path);
        try
        {
            Assert.Contains("no events file", Assert.Throws<InvalidDataException>(() => SessionDirectory.Open(path)).Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(path, recursive: true);
        }
    }

    [Fact]
    public void Metadata_WriteThenRead_RoundTrips()
    {
        var metadata = new SessionMetadata
        {
            SessionId = "s",
            AssessmentId = "a",
            StartTime = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
            EndTime = new DateTimeOffset(2026, 1, 2, 4, 4, 5, TimeSpan.Zero),
            Duration = TimeSpan.FromHours(1),
            Status = SessionStatus.Completed,
            Codec = JsonlCodec.Instance.Name,
            EventCount = 7,
            Files = new Dictionary<string, SessionFileInfo> { ["a.py"] = new("f1", TimeSpan.FromSeconds(3), null) },
            TotalClaudeInteractions = 2,
            TotalKeystrokes = 99,
            Environment = new Dictionary<string, string> { ["shell"] = "bash" },
        };
        var read = SessionJson.ReadMetadata(SessionJson.WriteMetadata(metadata));
        Assert.Equal(metadata with { Files = read.Files, Environment = read.Environment }, read);
        Assert.Equal(metadata.Files, read.Files);
        Assert.Equal(metadata.Environment, read.Environment);
    }
}
