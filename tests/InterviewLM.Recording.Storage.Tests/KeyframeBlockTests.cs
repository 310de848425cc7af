using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using InterviewLM.Recording.TestUtils;

namespace InterviewLM.Recording.Storage.Tests;

/// <summary>Keyframe blocks in the events object, for every codec in <see cref="KeyframeCodecs.All"/>: round trip, reading from an index offset, damage, the keyframe layer and the rewrite through the transcoder.</summary>
/// <remarks>
/// This file is compiled into InterviewLM.Recording.Storage.Tests (JSONL, gzip JSONL) and, linked, into
/// InterviewLM.Recording.Storage.Protobuf.Tests (protobuf-brotli); each project says which codecs in its own <c>KeyframeCodecs</c>.
/// </remarks>
public sealed class KeyframeBlockTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ilmrec-keyframe-blocks-" + Guid.NewGuid().ToString("N"));

    public static IEnumerable<object[]> Codecs() => KeyframeCodecs.All.Select(c => new object[] { c });

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Property(MaxTest = 100)]
    public Property ReadAsync_InterleavedKeyframes_ReturnsEveryBlockInOrder() => Prop.ForAll(
        Gen.Zip(EventGenerators.Stream.Where(s => s.Length > 0), Gen.Choose(0, int.MaxValue), (events, seed) => (events, seed)).ToArbitrary(),
        input =>
        {
            var (events, seed) = input;
            var codec = KeyframeCodecs.All[seed % KeyframeCodecs.All.Count];
            var (data, written) = WriteInterleaved(codec, events, seed);
            var read = ReadAll(codec, data);
            return read.All(r => r.Damage is null) && Same(written, read);
        });

    [Theory]
    [MemberData(nameof(Codecs))]
    public async Task ReadAsync_FromKeyframeOffset_ReadsThatKeyframeAndEverythingAfter(IEventCodec codec)
    {
        var (data, written) = WriteInterleaved(codec, EventGenerators.SampleStream(60), 11);
        var keyframes = written.Where(w => w.Keyframe is not null).ToList();
        Assert.True(keyframes.Count >= 2);
        foreach (var keyframe in keyframes)
        {
            var stream = new MemoryStream(data) { Position = keyframe.Keyframe!.Location.Offset };
            var read = new List<BlockReadResult>();
            await foreach (var result in codec.ReadAsync(stream))
            {
                read.Add(result);
            }

            Assert.True(Same(written.SkipWhile(w => w.Keyframe != keyframe.Keyframe).ToList(), read));
        }
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void ReadAsync_TruncatedAnywhere_RecoversEveryWholeBlockBeforeTheCut(IEventCodec codec)
    {
        var (data, written) = WriteInterleaved(codec, EventGenerators.SampleStream(30), 3);
        for (var cut = 0; cut < data.Length; cut++)
        {
            var read = ReadAll(codec, data[..cut]);
            var whole = written.Where(w => End(w) <= cut).ToList();
            var intact = read.Where(r => r.Damage is null).ToList();
            Assert.True(Same(whole, intact), $"cut at {cut}");
        }
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void ReadAsync_FlippedByte_DamagesOneBlockAndKeepsTheRest(IEventCodec codec)
    {
        var (data, written) = WriteInterleaved(codec, EventGenerators.SampleStream(30), 5);
        var random = new Random(17);
        for (var trial = 0; trial < 300; trial++)
        {
            var position = random.Next(data.Length);
            var damaged = (byte[])data.Clone();
            damaged[position] ^= (byte)(1 << random.Next(8));
            var read = ReadAll(codec, damaged);
            // A flip in a block, or in the block before it, may swallow its start (as in CodecFuzzTests); every other block is untouched.
            var untouched = written.Where((w, i) => End(w) <= position || (i > 0 ? Location(written[i - 1]).Offset : Location(w).Offset) > position).ToList();
            var intact = read.Where(r => r.Damage is null).ToList();

            // Every untouched block comes back exactly; nothing comes back that was not written.
            Assert.All(untouched, w => Assert.Contains(intact, r => Same([w], [r])));
            Assert.All(intact, r => Assert.Contains(written, w => Same([w], [r])));
        }
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public async Task StorageSink_WithKeyframeLayer_StoresKeyframesAfterTheirEventsAndIndexesThem(IEventCodec codec)
    {
        var path = Path.Combine(_root, codec.Name);
        var events = EventGenerators.SampleStream(100);
        await WriteSessionAsync(DirectorySessionObjects.Create(path), codec, events, 10, () => new EveryNthKeyframe(7));

        var session = await StoredSession.OpenAsync(DirectorySessionObjects.Open(path), KeyframeCodecs.Registry);
        Assert.Same(codec.GetType(), session.Codec.GetType());
        var read = await session.ReadBlocksAsync().ToListAsync();

        Assert.Equal(events, read.Where(r => r.Block is not null).SelectMany(r => r.Block!.Events));
        var keyframes = read.Where(r => r.Keyframe is not null).Select(r => r.Keyframe!).ToList();
        Assert.Equal(events.Where((_, i) => (i + 1) % 7 == 0).Select(e => e.Sequence + 1), keyframes.Select(k => k.Location.FirstSequence));
        Assert.All(keyframes, k => Assert.Equal(EveryNthKeyframe.StateFor(k.Location.FirstSequence - 1), k.State.ToArray()));

        var index = (await session.ReadIndexAsync())!;
        Assert.Equal(read.Select(r => (r.Block?.Location ?? r.Keyframe!.Location) with { FirstTime = TimeSpan.Zero }), index.Blocks.Select(b => b with { FirstTime = TimeSpan.Zero }));
        Assert.True(index.IsCurrentFor(new FileInfo(Path.Combine(path, session.EventsObjectName)).Length));
        var verification = await SessionVerification.VerifyAsync(session);
        Assert.Equal(keyframes.Count, verification.KeyframeCount);
        Assert.DoesNotContain(verification.Problems, p => p.Kind == "KeyframeMisplaced");

        // A keyframe block read alone (as a seek reads it) comes back whole.
        foreach (var keyframe in keyframes)
        {
            Assert.Equal(keyframe.State.ToArray(), (await session.ReadBlockAsync(keyframe.Location)).Keyframe!.State.ToArray());
        }
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public async Task Transcode_SessionWithoutKeyframesIntoAKeyframePipeline_WritesKeyframesAndTheSameEvents(IEventCodec codec)
    {
        // Adding keyframes is an explicit rewrite into new objects (it was SessionDirectory.AddKeyframesAsync).
        var events = EventGenerators.SampleStream(80);
        var source = Path.Combine(_root, "add-" + codec.Name);
        await WriteSessionAsync(DirectorySessionObjects.Create(source), codec, events, 16, null);

        var session = await StoredSession.OpenAsync(DirectorySessionObjects.Open(source), KeyframeCodecs.Registry);
        var keyframed = await RewriteAsync(session, Path.Combine(_root, "added-" + codec.Name), codec, () => new EveryNthKeyframe(9));
        Assert.Equal(events, await keyframed.ReadEventsAsync().ToListAsync());
        var index = (await keyframed.ReadIndexAsync())!;
        Assert.Equal(80 / 9, index.Blocks.Count(b => b.Kind == BlockKind.Keyframe));
        Assert.Equal(await keyframed.BuildIndexAsync(), index, new IndexComparer());
        Assert.True(index.IsCurrentFor(await keyframed.GetEventsLengthAsync()));

        // Rewriting again replaces the keyframes rather than doubling them.
        var again = await RewriteAsync(keyframed, Path.Combine(_root, "again-" + codec.Name), codec, () => new EveryNthKeyframe(20));
        Assert.Equal(4, (await again.ReadIndexAsync())!.Blocks.Count(b => b.Kind == BlockKind.Keyframe));
        Assert.Equal(events, await again.ReadEventsAsync().ToListAsync());
        // The sample stream is not a whole session (no session_start/end); the index and the keyframes must agree with the file.
        Assert.Empty((await SessionVerification.VerifyAsync(again)).Problems.Where(p => p.Kind is "Index" or "KeyframeMisplaced" or "Metadata").Select(p => p.Detail));
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public async Task Transcode_DamagedSource_ThrowsAndLeavesTheSourceAsItWas(IEventCodec codec)
    {
        var path = Path.Combine(_root, "damaged-" + codec.Name);
        await WriteSessionAsync(DirectorySessionObjects.Create(path), codec, EventGenerators.SampleStream(40), 8, null);

        var eventsPath = Path.Combine(path, codec.FileName);
        var bytes = await File.ReadAllBytesAsync(eventsPath);
        bytes[bytes.Length / 2] ^= 0x20;
        await File.WriteAllBytesAsync(eventsPath, bytes);
        var before = Directory.GetFiles(path).Order(StringComparer.Ordinal).ToList();

        var session = await StoredSession.OpenAsync(DirectorySessionObjects.Open(path), KeyframeCodecs.Registry);
        await Assert.ThrowsAsync<InvalidDataException>(() => RewriteAsync(session, Path.Combine(_root, "damaged-target-" + codec.Name), codec, () => new EveryNthKeyframe(5)));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(eventsPath));
        Assert.Equal(before, Directory.GetFiles(path).Order(StringComparer.Ordinal).ToList());
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public async Task Verify_KeyframeNotAfterItsEvent_IsReported(IEventCodec codec)
    {
        var events = EventGenerators.SampleStream(20);
        var path = Path.Combine(_root, "misplaced-" + codec.Name);
        Directory.CreateDirectory(path);
        await using (var stream = File.Create(Path.Combine(path, codec.FileName)))
        await using (var writer = codec.CreateWriter(stream))
        {
            await writer.WriteBlockAsync(events.AsMemory(0, 10));
            await writer.WriteKeyframeAsync(5, events[4].Time, new byte[] { 1, 2, 3 }); // inside the block before it: in place
            await writer.WriteBlockAsync(events.AsMemory(10));
            await writer.WriteKeyframeAsync(7, events[6].Time, new byte[] { 4, 5, 6 }); // a block too late
            await writer.WriteKeyframeAsync(15, events[13].Time, new byte[] { 7 }); // the wrong time
            await writer.CompleteAsync();
        }

        var verification = await SessionVerification.VerifyAsync(await StoredSession.OpenAsync(DirectorySessionObjects.Open(path), KeyframeCodecs.Registry));
        var problems = verification.Problems.Where(p => p.Kind == "KeyframeMisplaced").ToList();
        Assert.Equal(2, problems.Count);
        Assert.Contains("before event 7", problems[0].Detail, StringComparison.Ordinal);
        Assert.Contains("before event 15", problems[1].Detail, StringComparison.Ordinal);
        Assert.Equal(3, verification.KeyframeCount);
    }

    private static async Task WriteSessionAsync(ISessionObjects objects, IEventCodec codec, RecordedEvent[] events, int blockSize, Func<IKeyframeBuilder>? keyframes)
    {
        var pipeline = new SessionPipelineBuilder();
        if (keyframes is not null)
        {
            pipeline.UseKeyframes(keyframes);
        }

        var sink = await pipeline.BuildAsync(objects, new SessionStorageOptions { Codec = codec });
        await using (sink)
        {
            foreach (var block in events.Chunk(blockSize))
            {
                await sink.WriteAsync(block);
            }

            await sink.CompleteAsync();
        }
    }

    private static async Task<StoredSession> RewriteAsync(StoredSession source, string path, IEventCodec codec, Func<IKeyframeBuilder> keyframes)
    {
        var objects = DirectorySessionObjects.Create(path);
        var sink = await new SessionPipelineBuilder().UseKeyframes(keyframes).BuildAsync(objects, new SessionStorageOptions { Codec = codec });
        await using (sink)
        {
            await SessionTranscoder.CopyAsync(source, sink);
        }

        return await StoredSession.OpenAsync(DirectorySessionObjects.Open(path), KeyframeCodecs.Registry);
    }

    private static (byte[] Data, List<BlockReadResult> Written) WriteInterleaved(IEventCodec codec, RecordedEvent[] events, int seed)
    {
        var random = new Random(seed);
        var written = new List<BlockReadResult>();
        using var stream = new MemoryStream();
        var writer = codec.CreateWriter(stream);
        foreach (var block in EventGenerators.SplitIntoBlocks(events, seed))
        {
            written.Add(BlockReadResult.FromBlock(new EventBlock(writer.WriteBlockAsync(block).AsTask().GetAwaiter().GetResult(), block)));
            if (random.Next(3) > 0)
            {
                var state = new byte[random.Next(0, 300)];
                random.NextBytes(state);
                var last = block[^1];
                var location = writer.WriteKeyframeAsync(last.Sequence + 1, last.Time, state).AsTask().GetAwaiter().GetResult();
                written.Add(BlockReadResult.FromKeyframe(new KeyframeBlock(location, state)));
            }
        }

        writer.CompleteAsync().AsTask().GetAwaiter().GetResult();
        writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return (stream.ToArray(), written);
    }

    private static List<BlockReadResult> ReadAll(IEventCodec codec, byte[] data) =>
        codec.ReadAsync(new MemoryStream(data)).ToListAsync().AsTask().GetAwaiter().GetResult();

    private static BlockLocation Location(BlockReadResult result) => result.Block?.Location ?? result.Keyframe?.Location ?? throw new InvalidOperationException("damage");

    private static long End(BlockReadResult result) => Location(result).Offset + Location(result).Length;

    private static bool Same(List<BlockReadResult> expected, List<BlockReadResult> actual) =>
        expected.Count == actual.Count && expected.Zip(actual).All(p =>
            p.First.Block is { } block
                ? p.Second.Block is { } other && block.Location == other.Location && block.Events.SequenceEqual(other.Events)
                : p.Second.Keyframe is { } keyframe && keyframe.Location == p.First.Keyframe!.Location && keyframe.State.Span.SequenceEqual(p.First.Keyframe.State.Span));


    private sealed class IndexComparer : IEqualityComparer<SessionIndex?>
    {
        public bool Equals(SessionIndex? x, SessionIndex? y) =>
            x is not null && y is not null && x.EventCount == y.EventCount && x.EventsLength == y.EventsLength && x.Blocks.SequenceEqual(y.Blocks) &&
            x.Checkpoints.Select(c => (c.Time, c.Offset, c.EventIndex, c.Description)).SequenceEqual(y.Checkpoints.Select(c => (c.Time, c.Offset, c.EventIndex, c.Description)));

        public int GetHashCode(SessionIndex? obj) => 0;
    }
}
