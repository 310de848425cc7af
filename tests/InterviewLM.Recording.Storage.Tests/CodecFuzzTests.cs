using InterviewLM.Recording.TestUtils;

namespace InterviewLM.Recording.Storage.Tests;

/// <summary>Thousands of random bit flips: the reader never throws, and every block the flips did not touch is read exactly.</summary>
public sealed class CodecFuzzTests
{
    [Fact]
    public void ReadAsync_ThousandsOfRandomBitFlips_NeverThrowAndRecoverEveryUntouchedBlock()
    {
        var rng = new Random(1);
        foreach (var name in new[] { "jsonl", "jsonl-gz" })
        {
            var codec = CodecTestHelpers.CodecByName(name);
            var events = EventGenerators.SampleStream(35);
            var blocks = EventGenerators.SplitIntoBlocks(events, 11);
            var data = CodecTestHelpers.Encode(codec, blocks);
            var locations = CodecTestHelpers.ReadAll(codec, data).Select(r => r.Block!.Location).ToList();
            for (var trial = 0; trial < 3000; trial++)
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
                    touched.Add(locations.FindIndex(l => position >= l.Offset && position < l.Offset + l.Length));
                }
                var results = CodecTestHelpers.ReadAll(codec, damaged);
                var intact = results.Where(r => r.Block is not null).Select(r => r.Block!).ToDictionary(b => b.Location.Index);
                for (var i = 0; i < blocks.Count; i++)
                {
                    if (touched.Contains(i))
                    {
                        continue;
                    }

                    // A lost block is only excused when a flip in the block before it may have swallowed its start.
                    var ok = intact.TryGetValue(i, out var block) ? block.Events.SequenceEqual(blocks[i]) : touched.Contains(i - 1);
                    if (!ok)
                    {
                        Assert.Fail($"{name} block {i} lost; flips {string.Join(",", flips)}; touched {string.Join(",", touched)}; locs {string.Join(" ", locations.Select(l => l.Offset))}; results: {string.Join(" | ", results.Select(r => r.Block is null ? r.Damage!.ToString() : "block " + r.Block.Location.Index))}");
                    }
                }
            }
        }
    }
}
