using InterviewLM.Recording.Storage;
using InterviewLM.Recording.Storage.Protobuf;
using InterviewLM.Recording.Testing;
using static InterviewLM.Recording.Conformance.Tests.ConformanceSession;

namespace InterviewLM.Recording.Conformance.Tests;

/// <summary>The default pipeline (<see cref="InterviewRecording.StartAsync"/>): projections fold as events pass, so completing reads nothing back.</summary>
public sealed class DefaultPipelineCompletionTests
{
    [Fact]
    public async Task CompleteAsync_DefaultPipeline_ReadsZeroBytesOfTheEventsObjectAndWritesWhatARebuildWrites()
    {
        var store = new InMemorySessionStore();
        await RecordAsync(store, "completion");
        var objects = store["completion"];

        var eventsName = EventCodecs.Default.Get("jsonl-gz").FileName;
        Assert.Equal(0, objects.BytesRead(eventsName));

        var names = (await objects.ListAsync().ToListAsync()).Select(o => o.Name).ToList();
        Assert.Contains(eventsName, names);
        Assert.Contains(SessionObjectNames.Index, names);
        Assert.Contains(SessionObjectNames.Metadata, names);
        Assert.Contains("terminal.cast", names);
        Assert.Contains("claude_interactions.jsonl", names);
        Assert.Equal(new[] { "files/f1.diffs", "files/f1.hash", "files/f2.diffs", "files/f2.hash" }, names.Where(n => n.StartsWith("files/", StringComparison.Ordinal)));

        var session = await StoredSession.OpenAsync(objects);
        Assert.Equal(SessionStatus.Completed, session.Metadata!.Status);
        Assert.Equal("completion", session.Metadata.SessionId);

        // Rebuilt from the stored stream into a second session: the same bytes.
        var rebuilt = NewMemory("rebuilt");
        await SessionProjections.RebuildAsync(session, rebuilt, NewProjections());
        var expected = await ReadAllObjectsAsync(rebuilt);
        Assert.Equal(names.Where(n => n != eventsName && n is not SessionObjectNames.Index and not SessionObjectNames.Metadata), expected.Keys.Order(StringComparer.Ordinal));
        Assert.All(expected, pair => Assert.Equal(pair.Value, objects.GetContent(pair.Key)));

        // index.json and metadata.json equal what the events give when read back.
        var index = (await session.ReadIndexAsync())!;
        var built = await session.BuildIndexAsync();
        Assert.Equal(built.Blocks, index.Blocks);
        Assert.Equal(built.EventCount, index.EventCount);
        Assert.Equal(built.EventsLength, index.EventsLength);
        Assert.Equal(built.Checkpoints.Select(c => (c.Time, c.Offset, c.EventIndex, c.Description)), index.Checkpoints.Select(c => (c.Time, c.Offset, c.EventIndex, c.Description)));
        var events = await session.ReadEventsAsync().ToListAsync();
        Assert.Equal(events.Count, session.Metadata.EventCount);
        Assert.Equal(events[^1].Time, session.Metadata.Duration);
        Assert.Equal(events.Count(e => e.Event is ClaudeInteraction), session.Metadata.TotalClaudeInteractions);
        Assert.Equal(new[] { "main.py", "util.py" }, session.Metadata.Files.Keys.Order(StringComparer.Ordinal));
        Assert.Contains(index.Blocks, b => b.Kind == BlockKind.Keyframe);
        Assert.True((await SessionVerification.VerifyAsync(await StoredSession.OpenAsync(objects, SessionConverter.AllCodecs))).IsIntact);
    }
}
