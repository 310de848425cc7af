using InterviewLM.Recording.Storage.Jsonl;
using InterviewLM.Recording.Testing;
using static InterviewLM.Recording.Storage.Tests.TestSessions;

namespace InterviewLM.Recording.Storage.Tests;

/// <summary>Reading a stored session (formerly SessionDirectoryTests): events, metadata, index, damage, and reading never writes.</summary>
public sealed class StoredSessionTests
{
    [Theory]
    [InlineData("jsonl")]
    [InlineData("jsonl-gz")]
    public async Task OpenAsync_RecordedSession_ReopensWithEveryEventAndIsIntact(string codecName)
    {
        var path = await RecordSampleDirectoryAsync(EventCodecs.Default.Get(codecName));
        try
        {
            var session = await StoredSession.OpenAsync(DirectorySessionObjects.Open(path));
            Assert.Equal(codecName, session.Codec.Name);
            Assert.Equal(session.Codec.FileName, session.EventsObjectName);
            var events = await session.ReadEventsAsync().ToListAsync();

            Assert.Equal(SampleEvents().Count() + 2, events.Count);
            Assert.Equal(SampleEvents(), events.Skip(1).Take(events.Count - 2).Select(e => e.Event));
            Assert.IsType<SessionStarted>(events[0].Event);
            Assert.Equal(new SessionEnded("completed"), events[^1].Event);
            Assert.Equal(Enumerable.Range(0, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
            Assert.Equal(TimeSpan.FromMilliseconds(250), events[1].Time);

            var metadata = session.Metadata!;
            Assert.Null(session.MetadataError);
            Assert.Equal(SessionStatus.Completed, metadata.Status);
            Assert.Equal("sess_t", metadata.SessionId);
            Assert.Equal("cand_1", metadata.CandidateId);
            Assert.Equal(codecName, metadata.Codec);
            Assert.Equal(events.Count, metadata.EventCount);
            Assert.Equal(1, metadata.TotalClaudeInteractions);
            Assert.Equal("print('hi')\n".Length, metadata.TotalKeystrokes);
            Assert.Equal(ContentHasher.Hash("print('hi')\n"), metadata.Files["main.py"].FinalHash);

            var index = (await session.ReadIndexAsync())!;
            Assert.Equal(events.Count, index.EventCount);
            Assert.Equal(4, index.Blocks.Count);
            Assert.True(index.IsCurrentFor(await session.GetEventsLengthAsync()));
            Assert.Contains(index.Checkpoints, c => c.Description == "first_claude_call" && c.EventIndex == 6);
            Assert.Equal(2, index.FindBlockAt(TimeSpan.FromMilliseconds(1600)));

            var verification = await SessionVerification.VerifyAsync(session);
            Assert.True(verification.IsIntact, string.Join("; ", verification.Problems.Select(p => p.Detail)));
            Assert.Equal(new FileInfo(Path.Combine(path, session.EventsObjectName)).Length, verification.EventsFileLength);
        }
        finally
        {
            Directory.Delete(path, recursive: true);
        }
    }

    [Theory]
    [InlineData("jsonl")]
    [InlineData("jsonl-gz")]
    public async Task VerifyAsync_OneByteFlippedInTheEventsObject_NamesTheBlockAndOffset(string codecName)
    {
        var objects = new InMemorySessionObjects("memory:flip");
        await RecordSampleAsync(objects, EventCodecs.Default.Get(codecName));
        var session = await StoredSession.OpenAsync(objects);
        var block = (await session.ReadIndexAsync())!.Blocks[1];
        var bytes = objects.GetContent(session.EventsObjectName)!;
        bytes[block.Offset + (block.Length / 2)] ^= 0x01;
        objects.SetContent(session.EventsObjectName, bytes);

        var damaged = await StoredSession.OpenAsync(objects);
        var verification = await SessionVerification.VerifyAsync(damaged);
        Assert.False(verification.IsIntact);
        var problem = verification.Problems[0];
        Assert.Equal(1, problem.BlockIndex);
        Assert.Equal(block.Offset, problem.Offset);
        Assert.Contains($"block 1 at byte offset {block.Offset}", problem.Detail, StringComparison.Ordinal);

        // Reading reports the damage in the block's place and keeps every other block.
        var read = await damaged.ReadBlocksAsync().ToListAsync();
        Assert.Single(read, r => r.Damage is not null);
        Assert.Equal(3, read.Count(r => r.Block is not null));
        Assert.Equal(block.Offset, (await damaged.ReadBlockAsync(block)).Damage?.Offset);
    }

    [Fact]
    public async Task OpenAsync_NoEventsObject_ThrowsClearly()
    {
        var objects = new InMemorySessionObjects("memory:empty");
        var ex = await Assert.ThrowsAsync<InvalidDataException>(async () => await StoredSession.OpenAsync(objects));
        Assert.Contains("no events file", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_MetadataMissing_OpensWithTheReasonAndDetectsTheCodec()
    {
        var objects = new InMemorySessionObjects("memory:nometa");
        await RecordSampleAsync(objects, JsonlCodec.Instance);
        await objects.DeleteAsync(SessionObjectNames.Metadata);

        var session = await StoredSession.OpenAsync(objects);
        Assert.Null(session.Metadata);
        Assert.Contains("missing", session.MetadataError, StringComparison.Ordinal);
        Assert.Same(JsonlCodec.Instance, session.Codec);
        Assert.Contains((await SessionVerification.VerifyAsync(session)).Problems, p => p.Kind == "Metadata");
    }

    [Theory]
    [InlineData("jsonl")]
    [InlineData("jsonl-gz")]
    public async Task ReadBlockAsync_IndexedBlock_ReadsOnlyThatBlocksBytes(string codecName)
    {
        var objects = new InMemorySessionObjects("memory:ranged");
        await RecordSampleAsync(objects, EventCodecs.Default.Get(codecName));
        var session = await StoredSession.OpenAsync(objects);
        var index = (await session.ReadIndexAsync())!;
        var all = await session.ReadBlocksAsync().ToListAsync();
        foreach (var location in index.Blocks)
        {
            objects.ResetBytesRead();
            var result = await session.ReadBlockAsync(location);
            Assert.Equal(location.Length, objects.BytesRead(session.EventsObjectName));
            Assert.Equal(location.Offset, result.Block!.Location.Offset);
            Assert.Equal(all[location.Index].Block!.Events, result.Block.Events);
        }
    }

    [Fact]
    public async Task ReadBlockAsync_NoBlockAtTheOffset_ReportsMalformed()
    {
        var objects = new InMemorySessionObjects("memory:misplaced");
        await RecordSampleAsync(objects, JsonlCodec.Instance);
        var session = await StoredSession.OpenAsync(objects);
        var block = (await session.ReadIndexAsync())!.Blocks[1];

        var result = await session.ReadBlockAsync(block with { Offset = block.Offset + 1 });
        Assert.Null(result.Block);
        Assert.NotNull(result.Damage);
    }

    [Fact]
    public async Task ReadCurrentIndexAsync_IndexMissingOrStale_BuildsItInMemoryAndWritesNothing()
    {
        var objects = new InMemorySessionObjects("memory:index");
        await RecordSampleAsync(objects, JsonlCodec.Instance);
        var session = await StoredSession.OpenAsync(objects);
        var stored = (await session.ReadIndexAsync())!;
        await objects.DeleteAsync(SessionObjectNames.Index);
        var before = await ReadAllObjectsAsync(objects);

        var built = await session.ReadCurrentIndexAsync();
        Assert.Equal(stored.Blocks, built.Blocks);
        Assert.Equal(stored.EventCount, built.EventCount);
        Assert.Equal(stored.EventsLength, built.EventsLength);
        Assert.Equal(before.Keys, (await ReadAllObjectsAsync(objects)).Keys);

        // A stale index (events length differs) is not used.
        objects.SetContent(SessionObjectNames.Index, SessionJson.WriteIndex(stored with { Blocks = [], EventsLength = 3 }));
        Assert.Equal(stored.Blocks, (await session.ReadCurrentIndexAsync()).Blocks);
        Assert.Empty((await session.ReadIndexAsync())!.Blocks);

        // The explicit repair writes it.
        var rebuilt = await session.RebuildIndexAsync();
        Assert.Equal(stored.Blocks, rebuilt.Blocks);
        Assert.Equal(stored.Blocks, (await session.ReadIndexAsync())!.Blocks);
    }

    [Fact]
    public async Task ReadAndVerify_CompletedSession_ChangeNoByteOfAnyObject()
    {
        var objects = new InMemorySessionObjects("memory:readonly");
        await RecordSampleAsync(objects, JsonlCodec.Instance);
        var before = await ReadAllObjectsAsync(objects);

        var session = await StoredSession.OpenAsync(objects);
        await session.ReadEventsAsync().ToListAsync();
        await session.ReadCurrentIndexAsync();
        await session.BuildIndexAsync();
        await SessionVerification.VerifyAsync(session);
        Assert.True(await session.GetTotalSizeAsync() > 0);

        var after = await ReadAllObjectsAsync(objects);
        Assert.Equal(before.Keys, after.Keys);
        Assert.All(before, pair => Assert.Equal(pair.Value, after[pair.Key]));
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
