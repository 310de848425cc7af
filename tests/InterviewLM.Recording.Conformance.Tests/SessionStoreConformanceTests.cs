using InterviewLM.Recording.Replay;
using InterviewLM.Recording.Storage;
using InterviewLM.Recording.Storage.Protobuf;
using Microsoft.Extensions.Time.Testing;
using static InterviewLM.Recording.Conformance.Tests.ConformanceSession;

namespace InterviewLM.Recording.Conformance.Tests;

/// <summary>
/// What every session store must do for the readers above it: a session recorded through the default pipeline seeks, plays,
/// verifies, converts, exports, rebuilds its projections and recovers from damage the same in every store.
/// </summary>
/// <remarks>
/// A store joins the suite with one subclass: it supplies <see cref="Store"/> (where sessions are recorded) and, when what
/// readers open differs from what was recorded (a ZIP exported from a directory), <see cref="OpenForReadingAsync"/>.
/// Damage is made through the store's own <see cref="ISessionObjects"/> (<see cref="OpenForWritingAsync"/>) before the
/// session is opened for reading, so a read-only store is damaged at its source.
/// </remarks>
public abstract class SessionStoreConformanceTests : IDisposable
{
    private const string SessionId = "conformance";

    protected string TemporaryRoot { get; } = Path.Combine(Path.GetTempPath(), "ilmrec-conformance", Guid.NewGuid().ToString("N"));

    /// <summary>Gets the store sessions are recorded into.</summary>
    protected abstract ISessionStore Store { get; }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing && Directory.Exists(TemporaryRoot))
        {
            Directory.Delete(TemporaryRoot, recursive: true);
        }
    }

    /// <summary>Opens a recorded session as readers see it.</summary>
    protected virtual ValueTask<IReadOnlySessionObjects> OpenForReadingAsync(string sessionId) => Store.OpenAsync(sessionId);

    /// <summary>Opens a recorded session's objects for writing (to damage it).</summary>
    protected virtual async ValueTask<ISessionObjects> OpenForWritingAsync(string sessionId) =>
        await Store.OpenAsync(sessionId) as ISessionObjects ?? throw new InvalidOperationException($"{GetType().Name}: the store's sessions are read only; override OpenForWritingAsync.");

    private async Task<StoredSession> RecordAndOpenAsync()
    {
        await RecordAsync(Store, SessionId);
        return await StoredSession.OpenAsync(await OpenForReadingAsync(SessionId), SessionConverter.AllCodecs);
    }

    private static TimeSpan[] Moments(TimeSpan duration) =>
        [TimeSpan.Zero, Step / 2, duration * 0.1, duration * 0.33, duration * 0.5, duration * 0.77, duration - Step, duration, duration + TimeSpan.FromMinutes(1)];

    [Fact]
    public async Task Seek_StoredSessionSeeker_StateAtEachMomentEqualsFoldingTheEvents()
    {
        var session = await RecordAndOpenAsync();
        var events = await session.ReadEventsAsync().ToListAsync();
        var seeker = await StoredSessionSeeker.OpenAsync(session);
        Assert.True(seeker.Index.Keyframes.Count >= 3, $"only {seeker.Index.Keyframes.Count} keyframes");

        foreach (var at in Moments(events[^1].Time))
        {
            Assert.Equal(Describe(FoldTo(events, at)), Describe(await seeker.StateAtAsync(at)));
        }

        Assert.Equal(Describe(FoldTo(events, TimeSpan.MaxValue)), Describe(await seeker.StateAtAsync(TimeSpan.MaxValue)));
    }

    [Fact]
    public async Task Player_SeekThenPlay_ShowsTheStateOfFoldingTheEventsToItsPosition()
    {
        var session = await RecordAndOpenAsync();
        var events = await session.ReadEventsAsync().ToListAsync();
        var timeline = await SessionKeyframes.LoadAsync(session);
        Assert.Equal(events[^1].Time, timeline.Duration);
        var clock = new FakeTimeProvider(Start);
        using var player = new SessionPlayer(timeline, clock);

        foreach (var at in Moments(timeline.Duration).Where(t => t <= timeline.Duration))
        {
            player.Seek(at);
            Assert.Equal(at, player.Position);
            Assert.Equal(Describe(FoldTo(events, at)), Describe(player.State));
        }

        player.Seek(timeline.Duration * 0.4);
        player.Speed = SessionPlayer.MaximumSpeed;
        player.Play();
        for (var i = 0; i < 60 * 20; i++)
        {
            clock.Advance(SessionPlayer.DefaultFrameInterval); // 20 s of frames: 80 s of the session
        }

        player.Pause();
        Assert.InRange(player.Position, (timeline.Duration * 0.4) + TimeSpan.FromSeconds(79), (timeline.Duration * 0.4) + TimeSpan.FromSeconds(81));
        Assert.Equal(Describe(FoldTo(events, player.Position)), Describe(player.State));

        var ended = false;
        player.Ended += (_, _) => ended = true;
        player.Seek(timeline.Duration - TimeSpan.FromSeconds(1));
        player.Play();
        for (var i = 0; i < 60 && !ended; i++)
        {
            clock.Advance(SessionPlayer.DefaultFrameInterval);
        }

        Assert.True(ended);
        Assert.Equal(Describe(FoldTo(events, TimeSpan.MaxValue)), Describe(player.State));
    }

    [Fact]
    public async Task Verify_RecordedSession_IsIntact()
    {
        var session = await RecordAndOpenAsync();
        var verification = await SessionVerification.VerifyAsync(session);
        Assert.True(verification.IsIntact, string.Join("; ", verification.Problems.Select(p => p.Detail)));
        Assert.Equal(session.Metadata!.EventCount, verification.EventCount);
        Assert.True(verification.KeyframeCount >= 3);
        Assert.Equal(await session.GetEventsLengthAsync(), verification.EventsFileLength);
    }

    [Theory]
    [InlineData("jsonl")]
    [InlineData("jsonl-gz")]
    [InlineData("protobuf-brotli")]
    public async Task Convert_ToEachCodec_GivesTheSameEventsKeyframesAndObjects(string codec)
    {
        var session = await RecordAndOpenAsync();
        var target = NewMemory("converted-" + codec);

        var result = await SessionConverter.ConvertAsync(session, target, SessionConverter.AllCodecs.Get(codec), new SessionConversionOptions { MaxBlockEvents = 50 });

        var converted = await StoredSession.OpenAsync(target, SessionConverter.AllCodecs);
        Assert.Equal(codec, converted.Metadata!.Codec);
        Assert.Equal(codec, converted.Codec.Name);
        var events = await session.ReadEventsAsync().ToListAsync();
        Assert.Equal(events, await converted.ReadEventsAsync().ToListAsync());
        Assert.Equal(events.Count, result.Events);
        Assert.Equal(0, result.DamagedParts);
        Assert.True((await SessionVerification.VerifyAsync(converted)).IsIntact);

        // The keyframes come along, and the projections are copied.
        var keyframes = (await session.ReadIndexAsync())!.Blocks.Where(b => b.Kind == BlockKind.Keyframe).Select(b => b.FirstSequence);
        Assert.Equal(keyframes, (await converted.ReadIndexAsync())!.Blocks.Where(b => b.Kind == BlockKind.Keyframe).Select(b => b.FirstSequence));
        var source = await ReadAllObjectsAsync(session.Objects);
        foreach (var (name, content) in source.Where(o => o.Key != session.EventsObjectName && o.Key is not SessionObjectNames.Index and not SessionObjectNames.Metadata))
        {
            Assert.Equal(content, target.GetContent(name));
        }
    }

    [Fact]
    public async Task Export_ToZipAndReopen_GivesTheSameObjects()
    {
        var session = await RecordAndOpenAsync();
        Directory.CreateDirectory(TemporaryRoot);
        var zip = Path.Combine(TemporaryRoot, "exported.zip");

        var count = await SessionZip.ExportAsync(session.Objects, zip);

        var expected = await ReadAllObjectsAsync(session.Objects);
        var reopened = ZipSessionObjects.Open(zip);
        var actual = await ReadAllObjectsAsync(reopened);
        Assert.Equal(expected.Count, count);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        Assert.All(expected, pair => Assert.Equal(pair.Value, actual[pair.Key]));
        Assert.True((await SessionVerification.VerifyAsync(await StoredSession.OpenAsync(reopened, SessionConverter.AllCodecs))).IsIntact);
    }

    [Fact]
    public async Task Projections_StoredObjects_EqualRebuildingThemFromTheStoredStream()
    {
        var session = await RecordAndOpenAsync();
        var rebuilt = NewMemory("rebuilt");

        await SessionProjections.RebuildAsync(session, rebuilt, NewProjections());

        var rebuiltObjects = await ReadAllObjectsAsync(rebuilt);
        Assert.Contains("terminal.cast", rebuiltObjects.Keys);
        Assert.Contains("claude_interactions.jsonl", rebuiltObjects.Keys);
        Assert.Contains(rebuiltObjects.Keys, k => k.StartsWith("files/", StringComparison.Ordinal) && k.EndsWith(".diffs", StringComparison.Ordinal));
        Assert.Contains(rebuiltObjects.Keys, k => k.StartsWith("files/", StringComparison.Ordinal) && k.EndsWith(".hash", StringComparison.Ordinal));
        var stored = await ReadAllObjectsAsync(session.Objects);
        Assert.All(rebuiltObjects, pair => Assert.Equal(pair.Value, stored.GetValueOrDefault(pair.Key)));
        Assert.Equal(
            stored.Keys.Where(k => k != session.EventsObjectName && k is not SessionObjectNames.Index and not SessionObjectNames.Metadata).Order(StringComparer.Ordinal),
            rebuiltObjects.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task DamageRecovery_OneByteFlippedInOneBlock_ReportsThatBlockAndRecoversEveryOther()
    {
        await RecordAsync(Store, SessionId);
        var writable = await OpenForWritingAsync(SessionId);
        var intact = await StoredSession.OpenAsync(writable, SessionConverter.AllCodecs);
        var before = await intact.ReadBlocksAsync().ToListAsync();
        var eventBlocks = before.Where(r => r.Block is not null).Select(r => r.Block!).ToList();
        Assert.True(eventBlocks.Count >= 5);
        var victim = eventBlocks[eventBlocks.Count / 2].Location;
        var bytes = (await writable.ReadAllBytesAsync(intact.EventsObjectName))!;
        bytes[victim.Offset + (victim.Length / 2)] ^= 0x08;
        await writable.ReplaceAsync(intact.EventsObjectName, bytes);

        var damaged = await StoredSession.OpenAsync(await OpenForReadingAsync(SessionId), SessionConverter.AllCodecs);
        var after = await damaged.ReadBlocksAsync().ToListAsync();

        var damage = Assert.Single(after, r => r.Damage is not null).Damage!;
        Assert.Equal(victim.Offset, damage.Offset);
        Assert.Equal(
            eventBlocks.Where(b => b.Location.Offset != victim.Offset).Select(b => (b.Location, string.Join(",", b.Events.Select(e => e.Sequence)))),
            after.Where(r => r.Block is not null).Select(r => (r.Block!.Location, string.Join(",", r.Block.Events.Select(e => e.Sequence)))));
        Assert.Equal(
            eventBlocks.Where(b => b.Location.Offset != victim.Offset).SelectMany(b => b.Events),
            await damaged.ReadEventsAsync().ToListAsync());
        Assert.Equal(before.Count(r => r.Keyframe is not null), after.Count(r => r.Keyframe is not null));

        var verification = await SessionVerification.VerifyAsync(damaged);
        Assert.False(verification.IsIntact);
        Assert.Contains(verification.Problems, p => p.Offset == victim.Offset && p.BlockIndex == victim.Index);
    }
}

public sealed class DirectorySessionStoreConformanceTests : SessionStoreConformanceTests
{
    public DirectorySessionStoreConformanceTests() => Store = new DirectorySessionStore(Path.Combine(TemporaryRoot, "store"));

    protected override ISessionStore Store { get; }
}

public sealed class InMemorySessionStoreConformanceTests : SessionStoreConformanceTests
{
    protected override ISessionStore Store { get; } = new Testing.InMemorySessionStore();
}

/// <summary>The read-only ZIP store: sessions are recorded into a directory and exported; readers open the ZIP file.</summary>
public sealed class ZipSessionStoreConformanceTests : SessionStoreConformanceTests
{
    public ZipSessionStoreConformanceTests() => Store = new DirectorySessionStore(Path.Combine(TemporaryRoot, "recorded"));

    protected override ISessionStore Store { get; }

    protected override async ValueTask<IReadOnlySessionObjects> OpenForReadingAsync(string sessionId)
    {
        var zip = Path.Combine(TemporaryRoot, $"{sessionId}-{Guid.NewGuid():N}.zip");
        await SessionZip.ExportAsync(await Store.OpenAsync(sessionId), zip);
        return ZipSessionObjects.Open(zip);
    }
}
