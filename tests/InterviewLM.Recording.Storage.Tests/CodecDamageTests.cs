using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using InterviewLM.Recording.Storage;
using InterviewLM.Recording.TestUtils;

namespace InterviewLM.Recording.Storage.Tests;

public sealed class CodecDamageTests
{
    private static (List<RecordedEvent[]> Blocks, byte[] Data, List<BlockLocation> Locations) Sample(IEventCodec codec, int seed = 3)
    {
        var events = EventGenerators.SampleStream(30);
        var blocks = EventGenerators.SplitIntoBlocks(events, seed);
        var data = CodecTestHelpers.Encode(codec, blocks);
        var locations = CodecTestHelpers.ReadAll(codec, data).Select(r => r.Block!.Location).ToList();
        return (blocks, data, locations);
    }

    [Theory]
    [MemberData(nameof(CodecTestHelpers.Codecs), MemberType = typeof(CodecTestHelpers))]
    public void ReadAsync_TruncatedAtEveryOffset_RecoversEveryWholeBlockAndReportsTheTornTail(IEventCodec codec)
    {
        var (blocks, data, locations) = Sample(codec);
        for (var length = 0; length <= data.Length; length++)
        {
            var results = CodecTestHelpers.ReadAll(codec, data[..length]);
            var whole = locations.Count(l => l.Offset + l.Length <= length);
            var read = results.Where(r => r.Block is not null).ToList();
            Assert.Equal(whole, read.Count);
            Assert.Equal(blocks.Take(whole).SelectMany(b => b), read.SelectMany(r => r.Block!.Events));
            var tornAt = whole < locations.Count ? locations[whole].Offset : data.Length;
            if (length > tornAt)
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

    [Theory]
    [MemberData(nameof(CodecTestHelpers.Codecs), MemberType = typeof(CodecTestHelpers))]
    public void ReadAsync_OneByteFlippedInABlock_ReportsThatBlockAndReadsAllOthers(IEventCodec codec)
    {
        var (blocks, data, locations) = Sample(codec);
        var victim = locations.Count / 2;
        var location = locations[victim];
        for (var position = location.Offset; position < location.Offset + location.Length; position += Math.Max(1, location.Length / 37))
        {
            var damaged = (byte[])data.Clone();
            damaged[position] ^= 0x20;
            var results = CodecTestHelpers.ReadAll(codec, damaged);
            var damage = results.Where(r => r.Damage is not null).Select(r => r.Damage!).ToList();
            if (damage.Count == 0 && codec is Gzip.GzipJsonlCodec && position == location.Offset + location.Length - 9)
            {
                // The last byte of a deflate stream (before the 8-byte gzip trailer) may end in padding bits no decoder
                // reads: a flip there changes nothing, and the block reads back whole.
                Assert.Equal(blocks.SelectMany(b => b), results.SelectMany(r => r.Block!.Events));
                continue;
            }

            Assert.NotEmpty(damage);
            Assert.Equal(location.Offset, damage[0].Offset);
            var intact = results.Where(r => r.Block is not null).Select(r => r.Block!).ToList();
            var expected = Enumerable.Range(0, blocks.Count).Where(i => i != victim).ToList();
            Assert.Equal(expected, intact.Select(b => b.Location.Index));
            Assert.Equal(expected.SelectMany(i => blocks[i]), intact.SelectMany(b => b.Events));
        }
    }

    [Property(MaxTest = 300)]
    public Property ReadAsync_RandomBitFlips_NeverThrowsAndKeepsUntouchedBlocks() => Prop.ForAll(
        Gen.Zip(Gen.Elements("jsonl", "jsonl-gz"), Gen.NonEmptyListOf(Gen.Zip(Gen.Choose(0, int.MaxValue), Gen.Choose(0, 7)))).ToArbitrary(),
        input =>
        {
            var codec = CodecTestHelpers.CodecByName(input.Item1);
            var (blocks, data, _) = Sample(codec, 11);
            return CodecFuzzTests.CheckUntouchedBlocksSurvive(codec, data, blocks, input.Item2.Take(8).Select(f => (f.Item1 % data.Length, f.Item2))) is null;
        });
}
