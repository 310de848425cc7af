using InterviewLM.Recording.Storage;
using InterviewLM.Recording.TestUtils;

namespace InterviewLM.Recording.Storage.Protobuf.Tests;

/// <summary>Truncation at every offset and thousands of bit flips: the reader never throws or hangs, names the damaged block and returns every other.</summary>
public sealed class ProtobufBrotliDamageTests
{
    private static readonly ProtobufBrotliCodec Codec = ProtobufBrotliCodec.Instance;

    private static (List<RecordedEvent[]> Blocks, byte[] Data, List<BlockLocation> Locations) Sample(int seed = 3)
    {
        var events = EventGenerators.SampleStream(30);
        var blocks = EventGenerators.SplitIntoBlocks(events, seed);
        var data = CodecTestHelpers.Encode(Codec, blocks);
        var locations = CodecTestHelpers.ReadAll(Codec, data).Select(r => r.Block!.Location).ToList();
        return (blocks, data, locations);
    }

    [Fact]
    public void ReadAsync_TruncatedAtEveryOffset_RecoversEveryWholeBlockAndReportsTheTornTail()
    {
        var (blocks, data, locations) = Sample();
        Assert.True(locations.Count >= 3);
        var headerEnd = locations[0].Offset;
        var footerOffset = locations[^1].Offset + locations[^1].Length;
        for (var length = 0; length <= data.Length; length++)
        {
            var results = CodecTestHelpers.ReadAll(Codec, data[..length]);
            var whole = locations.Count(l => l.Offset + l.Length <= length);
            var read = results.Where(r => r.Block is not null).ToList();
            Assert.Equal(whole, read.Count);
            Assert.Equal(blocks.Take(whole).SelectMany(b => b), read.SelectMany(r => r.Block!.Events));
            var tornAt = length < headerEnd ? 0 : whole < locations.Count ? locations[whole].Offset : footerOffset;
            var clean = length == 0 || length == headerEnd || length == tornAt || length == data.Length;
            if (!clean)
            {
                var damage = Assert.Single(results, r => r.Damage is not null).Damage!;
                Assert.Equal(BlockDamageKind.TornTail, damage.Kind);
                Assert.Equal(tornAt, damage.Offset);
                Assert.Equal(whole, damage.BlockIndex);
            }
            else
            {
                Assert.DoesNotContain(results, r => r.Damage is not null);
            }
        }
    }

    [Fact]
    public void ReadAsync_EveryByteOfABlockFlipped_ReportsThatBlockAndReadsAllOthers()
    {
        var (blocks, data, locations) = Sample();
        var victim = locations.Count / 2;
        var location = locations[victim];
        for (var position = location.Offset; position < location.Offset + location.Length; position++)
        {
            var damaged = (byte[])data.Clone();
            damaged[position] ^= 0x20;
            var results = CodecTestHelpers.ReadAll(Codec, damaged);
            var damage = results.Where(r => r.Damage is not null).Select(r => r.Damage!).ToList();
            Assert.NotEmpty(damage);
            Assert.Contains(damage, d => d.BlockIndex == victim && d.Offset == location.Offset);
            var intact = results.Where(r => r.Block is not null).Select(r => r.Block!).ToList();
            Assert.Equal(Enumerable.Range(0, blocks.Count).Where(i => i != victim), intact.Select(b => b.Location.Index));
            Assert.All(intact, b => Assert.Equal(blocks[b.Location.Index], b.Events));
        }
    }

    [Fact]
    public void ReadAsync_ThousandsOfRandomBitFlips_NeverThrowAlwaysReportAndRecoverEveryUntouchedBlock()
    {
        var rng = new Random(1);
        var (blocks, data, locations) = Sample(11);
        for (var trial = 0; trial < 4000; trial++)
        {
            var damaged = (byte[])data.Clone();
            var touched = new HashSet<int>();
            var flips = new List<(int, int)>();
            for (var k = 0; k < rng.Next(1, 4); k++)
            {
                var position = rng.Next(damaged.Length);
                var bit = rng.Next(8);
                damaged[position] ^= (byte)(1 << bit);
                flips.Add((position, bit));
            }

            // Two flips of the same bit cancel out, so only bytes that differ count as touched.
            var changed = Enumerable.Range(0, data.Length).Where(p => damaged[p] != data[p]).ToList();
            if (changed.Count == 0)
            {
                continue;
            }

            foreach (var position in changed)
            {
                touched.Add(locations.FindIndex(l => position >= l.Offset && position < l.Offset + l.Length));
            }

            var results = CodecTestHelpers.ReadAll(Codec, damaged);
            var describe = $"flips {string.Join(",", flips)}; results: {string.Join(" | ", results.Select(r => r.Block is null ? r.Damage!.ToString() : "block " + r.Block.Location.Index))}";
            Assert.True(results.Any(r => r.Damage is not null), "no damage reported; " + describe);
            var intact = results.Where(r => r.Block is not null).Select(r => r.Block!).ToDictionary(b => b.Location.Index);
            for (var i = 0; i < blocks.Count; i++)
            {
                if (touched.Contains(i))
                {
                    // The damage names this block, or covers it while resynchronizing after a damaged header before it.
                    var start = locations[i].Offset;
                    Assert.True(
                        results.Any(r => r.Damage is { } d && ((d.BlockIndex == i && d.Offset == start) || (d.Offset <= start && start < d.Offset + (d.Length ?? 1)))),
                        $"block {i} damaged but not reported; {describe}");
                    continue;
                }

                Assert.True(intact.TryGetValue(i, out var block), $"block {i} lost; {describe}");
                Assert.Equal(blocks[i], block.Events);
            }
        }
    }

    [Fact]
    public void ReadAsync_GarbageBetweenBlocks_IsReportedAndSkipped()
    {
        var (blocks, data, locations) = Sample();
        var cut = (int)locations[1].Offset;
        byte[] junk = [.. Enumerable.Range(0, 100).Select(i => (byte)(i * 7))];
        var damaged = data[..cut].Concat(junk).Concat(data[cut..]).ToArray();
        var results = CodecTestHelpers.ReadAll(Codec, damaged);
        var damage = results.Where(r => r.Damage is not null).Select(r => r.Damage!).ToList();
        Assert.Equal(BlockDamageKind.Garbage, damage[0].Kind);
        Assert.Equal(cut, damage[0].Offset);
        Assert.Equal(100, damage[0].Length);

        // The footer's offsets no longer hold, and the reader says so.
        Assert.Equal(2, damage.Count);
        Assert.Contains("trailer", damage[1].Detail, StringComparison.Ordinal);
        Assert.Equal(blocks.SelectMany(b => b), results.Where(r => r.Block is not null).SelectMany(r => r.Block!.Events));
    }

    [Fact]
    public async Task ReadBlockAsync_DamagedBlock_ReportsItWithItsOffset()
    {
        var (_, data, locations) = Sample();
        var damaged = (byte[])data.Clone();
        damaged[(int)(locations[1].Offset + locations[1].Length - 2)] ^= 1;
        var result = await ProtobufBrotliCodec.ReadBlockAsync(new MemoryStream(damaged), locations[1]);
        Assert.Equal(BlockDamageKind.ChecksumMismatch, result.Damage!.Kind);
        Assert.Equal(locations[1].Offset, result.Damage.Offset);
        Assert.Equal(1, result.Damage.BlockIndex);
    }

    /// <summary>Event blocks with a keyframe after every other one; the keyframe states are random bytes of varied length.</summary>
    private static (List<BlockReadResult> Written, byte[] Data) SampleWithKeyframes(int seed)
    {
        var random = new Random(seed);
        var written = new List<BlockReadResult>();
        using var stream = new MemoryStream();
        var writer = Codec.CreateWriter(stream);
        foreach (var block in EventGenerators.SplitIntoBlocks(EventGenerators.SampleStream(30), seed))
        {
            written.Add(BlockReadResult.FromBlock(new EventBlock(writer.WriteBlockAsync(block).AsTask().GetAwaiter().GetResult(), block)));
            if (written.Count % 3 != 0)
            {
                var state = new byte[random.Next(0, 200)];
                random.NextBytes(state);
                var location = writer.WriteKeyframeAsync(block[^1].Sequence + 1, block[^1].Time, state).AsTask().GetAwaiter().GetResult();
                written.Add(BlockReadResult.FromKeyframe(new KeyframeBlock(location, state)));
            }
        }

        writer.CompleteAsync().AsTask().GetAwaiter().GetResult();
        return (written, stream.ToArray());
    }

    private static BlockLocation LocationOf(BlockReadResult result) => result.Block?.Location ?? result.Keyframe!.Location;

    private static bool SameContent(BlockReadResult expected, BlockReadResult actual) =>
        expected.Block is { } block
            ? actual.Block is { } other && other.Location == block.Location && other.Events.SequenceEqual(block.Events)
            : actual.Keyframe is { } keyframe && keyframe.Location == expected.Keyframe!.Location && keyframe.State.Span.SequenceEqual(expected.Keyframe.State.Span);

    [Fact]
    public void ReadAsync_ThousandsOfRandomBitFlipsWithKeyframes_NeverThrowNameTheBlockAndRecoverEveryUntouchedOne()
    {
        var rng = new Random(5);
        var (written, data) = SampleWithKeyframes(7);
        var locations = written.Select(LocationOf).ToList();
        Assert.Contains(locations, l => l.Kind == BlockKind.Keyframe);
        for (var trial = 0; trial < 4000; trial++)
        {
            var damaged = (byte[])data.Clone();
            for (var k = 0; k < rng.Next(1, 4); k++)
            {
                damaged[rng.Next(damaged.Length)] ^= (byte)(1 << rng.Next(8));
            }

            var changed = Enumerable.Range(0, data.Length).Where(p => damaged[p] != data[p]).ToList();
            if (changed.Count == 0)
            {
                continue;
            }

            var touched = changed.Select(p => locations.FindIndex(l => p >= l.Offset && p < l.Offset + l.Length)).ToHashSet();
            var results = CodecTestHelpers.ReadAll(Codec, damaged);
            var describe = $"changed {string.Join(",", changed)}; results: {string.Join(" | ", results.Select(r => r.Damage?.ToString() ?? LocationOf(r).ToString()))}";
            Assert.True(results.Any(r => r.Damage is not null), "no damage reported; " + describe);
            for (var i = 0; i < written.Count; i++)
            {
                var start = locations[i].Offset;
                if (touched.Contains(i))
                {
                    Assert.True(
                        results.Any(r => r.Damage is { } d && ((d.BlockIndex == i && d.Offset == start) || (d.Offset <= start && start < d.Offset + (d.Length ?? 1)))),
                        $"block {i} ({locations[i].Kind}) damaged but not reported; {describe}");
                    continue;
                }

                Assert.True(results.Any(r => r.Damage is null && SameContent(written[i], r)), $"block {i} ({locations[i].Kind}) lost; {describe}");
            }

            // Nothing comes back that was not written.
            Assert.All(results.Where(r => r.Damage is null), r => Assert.Contains(written, w => SameContent(w, r)));
        }
    }

    [Fact]
    public async Task ReadBlockAsync_KeyframeLocationFromTheFooter_ReturnsTheKeyframeOrItsDamage()
    {
        var (written, data) = SampleWithKeyframes(3);
        var index = await ProtobufBrotliCodec.ReadIndexAsync(new MemoryStream(data));
        Assert.Equal(written.Select(LocationOf), index);
        var keyframe = written.First(w => w.Keyframe is not null).Keyframe!;
        var read = await ProtobufBrotliCodec.ReadBlockAsync(new MemoryStream(data), keyframe.Location);
        Assert.True(SameContent(BlockReadResult.FromKeyframe(keyframe), read));

        var damaged = (byte[])data.Clone();
        damaged[(int)(keyframe.Location.Offset + keyframe.Location.Length - 1)] ^= 4;
        var result = await ProtobufBrotliCodec.ReadBlockAsync(new MemoryStream(damaged), keyframe.Location);
        Assert.Equal(BlockDamageKind.ChecksumMismatch, result.Damage!.Kind);
        Assert.Equal(keyframe.Location.Index, result.Damage.BlockIndex);
        Assert.Equal(keyframe.Location.Offset, result.Damage.Offset);
    }

    [Fact]
    public void ReadAsync_KeyframeMarkerOnAnEventsHeader_IsReportedMalformedAndNamed()
    {
        var (written, data) = SampleWithKeyframes(3);
        var victim = written.First(w => w.Block is not null).Block!.Location;
        var damaged = (byte[])data.Clone();
        "KEY"u8.CopyTo(damaged.AsSpan((int)victim.Offset + 1));
        var results = CodecTestHelpers.ReadAll(Codec, damaged);
        var damage = Assert.Single(results, r => r.Damage is not null).Damage!;
        Assert.Equal(BlockDamageKind.Malformed, damage.Kind);
        Assert.Equal(victim.Index, damage.BlockIndex);
        Assert.Contains("kind", damage.Detail, StringComparison.Ordinal);
        Assert.Equal(written.Count - 1, results.Count(r => r.Damage is null));
    }
}
