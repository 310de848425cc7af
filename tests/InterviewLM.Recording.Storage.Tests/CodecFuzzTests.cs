using InterviewLM.Recording.TestUtils;

namespace InterviewLM.Recording.Storage.Tests;

/// <summary>Thousands of random bit flips: the reader never throws, and every block the flips did not touch is read exactly.</summary>
public sealed class CodecFuzzTests
{
    [Theory]
    [InlineData("jsonl")]
    [InlineData("jsonl-gz")]
    public void ReadAsync_ThousandsOfRandomBitFlips_NeverThrowAndRecoverEveryUntouchedBlock(string codecName)
    {
        var random = new Random(1);
        var codec = CodecTestHelpers.CodecByName(codecName);
        var blocks = EventGenerators.SplitIntoBlocks(EventGenerators.SampleStream(35), 11);
        var data = CodecTestHelpers.Encode(codec, blocks);
        for (var trial = 0; trial < 3000; trial++)
        {
            var flips = Enumerable.Range(0, random.Next(1, 4)).Select(_ => (random.Next(data.Length), random.Next(8))).ToList();
            var failure = CheckUntouchedBlocksSurvive(codec, data, blocks, flips);
            Assert.True(failure is null, failure);
        }
    }

    /// <summary>Flips bits and reads back: returns why the reader failed the contract, or <see langword="null"/>.</summary>
    internal static string? CheckUntouchedBlocksSurvive(IEventCodec codec, byte[] data, List<RecordedEvent[]> blocks, IEnumerable<(int Position, int Bit)> flips)
    {
        var locations = CodecTestHelpers.ReadAll(codec, data).Select(r => r.Block!.Location).ToList();
        var damaged = (byte[])data.Clone();
        var touched = new HashSet<int>();
        foreach (var (position, bit) in flips)
        {
            damaged[position] ^= (byte)(1 << bit);
            touched.Add(locations.FindIndex(l => position >= l.Offset && position < l.Offset + l.Length));
        }

        var results = CodecTestHelpers.ReadAll(codec, damaged);
        var intact = results.Where(r => r.Block is not null).Select(r => r.Block!).ToDictionary(b => b.Location.Index);
        for (var i = 0; i < blocks.Count; i++)
        {
            if (intact.TryGetValue(i, out var block))
            {
                // Whatever is read back is exactly what was written: a flip is caught or it changed nothing that matters
                // (a gzip header's MTIME byte, the case of a hex digit).
                if (!block.Events.SequenceEqual(blocks[i]))
                {
                    return $"{codec.Name}: block {i} read back different events after flips {string.Join(",", flips)}";
                }
            }
            else if (!touched.Contains(i) && !touched.Contains(i - 1))
            {
                // A lost block is only excused when a flip in it, or in the block before it, may have swallowed its start.
                return $"{codec.Name}: block {i} lost after flips {string.Join(",", flips)}; read: {string.Join(" | ", results.Select(r => r.Block is null ? r.Damage!.ToString() : "block " + r.Block.Location.Index))}";
            }
        }

        return null;
    }
}
