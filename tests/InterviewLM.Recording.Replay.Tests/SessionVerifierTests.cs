using System.Globalization;
using InterviewLM.Recording.Diff;
using InterviewLM.Recording.Storage;
using InterviewLM.Recording.Testing;

namespace InterviewLM.Recording.Replay.Tests;

public sealed class SessionVerifierTests
{
    public static IEnumerable<object[]> Codecs() => KeyframeCodecs.All.Select(c => new object[] { c.Name });

    private static RecordedEvent At(long sequence, double seconds, SessionEvent value) => new(sequence, TimeSpan.FromSeconds(seconds), value);

    // A small session typed into one file, with a full-content snapshot of what the edits give.
    private static List<RecordedEvent> Typed(string snapshotHash) =>
    [
        At(0, 0, new SessionStarted("sess_verify", DateTimeOffset.UnixEpoch)),
        At(1, 1, new FileCreated("f", "main.py", "python", "ab")),
        At(2, 2, new TextEdited("f", new[] { new TextChange(2, 0, "c", null) }, null)),
        At(3, 3, new CodeSnapshot("f", snapshotHash, EquatableArray<LineDiffOperation>.Empty, "abc")),
        At(4, 4, new TerminalStarted(20, 3)),
        At(5, 5, new TerminalOutput("$ python main.py\r\n")),
        At(6, 6, new SessionEnded("completed")),
    ];

    [Theory]
    [MemberData(nameof(Codecs))]
    public async Task VerifyAsync_GoodSessionWithKeyframes_IsIntact(string codecName)
    {
        var events = RandomSessions.Create(21, 400, withBadHash: false);
        var objects = await StoredSessions.RecordAsync(KeyframeCodecs.Registry.Get(codecName), events, 16, new KeyframePolicy { MaxEvents = 20 });

        var result = await SessionVerifier.VerifyAsync(await StoredSessions.OpenAsync(objects));

        Assert.Empty(result.Problems);
        Assert.True(result.IsIntact);
        Assert.True(result.KeyframeCount > 5, $"{result.KeyframeCount} keyframes");
        Assert.Equal(events.Count, result.EventCount);
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public async Task VerifyAsync_SnapshotHashNotOfTheRebuiltFile_FailsNamingTheEventAndItsBlock(string codecName)
    {
        var events = Typed(ContentHasher.Hash("something else"));
        var objects = await StoredSessions.RecordAsync(KeyframeCodecs.Registry.Get(codecName), events, 2, keyframes: null);
        var session = await StoredSessions.OpenAsync(objects);
        var block = (await session.ReadCurrentIndexAsync()).Blocks.Single(b => b.FirstSequence == 2);

        var structural = await SessionVerification.VerifyAsync(session);
        var result = await SessionVerifier.VerifyAsync(session);

        Assert.Empty(structural.Problems); // every block, the sequence and the metadata are fine: only the fold sees it
        Assert.False(result.IsIntact);
        var problem = Assert.Single(result.Problems);
        Assert.Equal("SnapshotHashMismatch", problem.Kind);
        Assert.Equal((block.Index, block.Offset), (problem.BlockIndex, problem.Offset));
        Assert.Contains("event 3 ", problem.Detail, StringComparison.Ordinal);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"block {block.Index} at byte offset {block.Offset}"), problem.Detail, StringComparison.Ordinal);
        Assert.Contains("main.py", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_EditThatDoesNotFit_FailsNamingTheEvent()
    {
        var events = Typed(ContentHasher.Hash("abc"));
        events[2] = At(2, 2, new TextEdited("f", new[] { new TextChange(40, 0, "c", null) }, null));

        var result = await SessionVerifier.VerifyAsync(await StoredSessions.OpenAsync(await StoredSessions.RecordAsync(JsonlCodecOf(), events, 3, keyframes: null)));

        Assert.Contains(result.Problems, p => p.Kind == "FoldRejected" && p.Detail.StartsWith("event 2 (", StringComparison.Ordinal));
        Assert.False(result.IsIntact);
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public async Task VerifyAsync_KeyframeThatDoesNotRestoreTheFoldsState_FailsNamingIt(string codecName)
    {
        // A keyframe after event 2 whose file holds what a different edit would have given.
        var events = Typed(ContentHasher.Hash("abc"));
        var wrong = new SessionState();
        foreach (var recorded in events.Take(2).Append(At(2, 2, new TextEdited("f", new[] { new TextChange(0, 0, "X", null) }, null))))
        {
            wrong.Apply(recorded);
        }

        var objects = await RecordWithKeyframeAsync(KeyframeCodecs.Registry.Get(codecName), events, KeyframeData.Write(wrong, null, 0));
        var session = await StoredSessions.OpenAsync(objects);
        var keyframe = (await session.ReadCurrentIndexAsync()).Blocks.Single(b => b.Kind == BlockKind.Keyframe);

        var result = await SessionVerifier.VerifyAsync(session);

        Assert.Empty((await SessionVerification.VerifyAsync(session)).Problems);
        var problem = Assert.Single(result.Problems);
        Assert.Equal("KeyframeMismatch", problem.Kind);
        Assert.Equal((keyframe.Index, keyframe.Offset), (problem.BlockIndex, problem.Offset));
        Assert.Contains("after event 2", problem.Detail, StringComparison.Ordinal);
        Assert.Contains("file f ('main.py')", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_KeyframeWithOtherCounters_FailsNamingIt()
    {
        // The files and screen agree but the keyframe counts one event fewer.
        var events = Typed(ContentHasher.Hash("abc"));
        var wrong = new SessionState();
        foreach (var recorded in events.Skip(1).Take(2))
        {
            wrong.Apply(recorded);
        }

        var objects = await RecordWithKeyframeAsync(JsonlCodecOf(), events, KeyframeData.Write(wrong, null, 0));

        var problem = Assert.Single((await SessionVerifier.VerifyAsync(await StoredSessions.OpenAsync(objects))).Problems);
        Assert.Equal("KeyframeMismatch", problem.Kind);
        Assert.Contains("counters differ", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_KeyframeThatIsTheFoldsState_IsIntact()
    {
        var events = Typed(ContentHasher.Hash("abc"));
        var right = new SessionState();
        foreach (var recorded in events.Take(3))
        {
            right.Apply(recorded);
        }

        var objects = await RecordWithKeyframeAsync(JsonlCodecOf(), events, KeyframeData.Write(right, null, 0));

        var result = await SessionVerifier.VerifyAsync(await StoredSessions.OpenAsync(objects));
        Assert.Empty(result.Problems);
        Assert.Equal(1, result.KeyframeCount);
    }

    [Fact]
    public async Task VerifyAsync_UnreadableKeyframe_FailsNamingIt()
    {
        var events = Typed(ContentHasher.Hash("abc"));
        var objects = await RecordWithKeyframeAsync(JsonlCodecOf(), events, new byte[] { 3, 1, 2, 3 });

        var problem = Assert.Single((await SessionVerifier.VerifyAsync(await StoredSessions.OpenAsync(objects))).Problems);
        Assert.Equal("KeyframeUnreadable", problem.Kind);
        Assert.Contains("version 3", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_ReadsNothingIntoWrites()
    {
        var objects = await StoredSessions.RecordAsync(JsonlCodecOf(), RandomSessions.Create(5, 200), 10, new KeyframePolicy { MaxEvents = 15 });
        var before = await StoredSessions.ContentAsync(objects);

        await SessionVerifier.VerifyAsync(await StoredSessions.OpenAsync(objects));

        Assert.Equal(before, await StoredSessions.ContentAsync(objects));
    }

    private static IEventCodec JsonlCodecOf() => KeyframeCodecs.Registry.Get("jsonl");

    // Blocks of events 0–2 and 3–6 with a keyframe of the given bytes between them, written straight to the storage sink.
    private static async Task<InMemorySessionObjects> RecordWithKeyframeAsync(IEventCodec codec, List<RecordedEvent> events, byte[] keyframe)
    {
        var objects = new InMemorySessionObjects("crafted");
        var sink = await new SessionPipelineBuilder().BuildAsync(objects, new SessionStorageOptions { Codec = codec });
        await using (sink)
        {
            await sink.WriteAsync(events.Take(3).ToArray());
            await ((IKeyframeSink)sink).WriteKeyframeAsync(3, events[2].Time, keyframe);
            await sink.WriteAsync(events.Skip(3).ToArray());
            await sink.CompleteAsync();
        }

        return objects;
    }
}
