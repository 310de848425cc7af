using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Replay.Tests;

public sealed class SessionSeekIndexTests
{
    // An index.json of event blocks (sizes from the array) with a keyframe block after every block whose size is even.
    private static SessionIndex Create(int[] sizes)
    {
        var blocks = new List<BlockLocation>();
        long sequence = 0, offset = 0, time = 0;
        foreach (var size in sizes)
        {
            var count = 1 + (size % 50);
            blocks.Add(new BlockLocation(blocks.Count, offset, 100, sequence, TimeSpan.FromTicks(time * 10), count));
            (sequence, offset, time) = (sequence + count, offset + 100, time + size);
            if (size % 2 == 0)
            {
                blocks.Add(new BlockLocation(blocks.Count, offset, 40, sequence, TimeSpan.FromTicks(time * 10), 0) { Kind = BlockKind.Keyframe });
                offset += 40;
            }
        }

        return new SessionIndex(SessionIndex.CurrentVersion, sequence, [], blocks) { EventsLength = offset };
    }

    [Property]
    public Property Keyframes_CountTheEventsBeforeThem()
    {
        return Prop.ForAll(Gen.ArrayOf(Gen.Choose(0, 1000)).ToArbitrary(), sizes =>
        {
            var index = Create(sizes);
            var seek = new SessionSeekIndex(index);
            var expected = new List<long>();
            long events = 0;
            foreach (var block in index.Blocks)
            {
                if (block.Kind == BlockKind.Keyframe)
                {
                    expected.Add(events);
                }

                events += block.EventCount;
            }

            return seek.Keyframes.Select(k => k.EventIndex).SequenceEqual(expected) && seek.EventCount == index.EventCount &&
                   seek.Keyframes.All(k => index.Blocks.Any(b => b.Kind == BlockKind.Keyframe && b.Offset == k.Offset && b.Length == k.Length && b.FirstTime == k.Time));
        });
    }

    [Property]
    public Property FindKeyframe_EqualsLinearScan()
    {
        var input = Gen.Zip(Gen.ArrayOf(Gen.Choose(0, 1000)), Gen.Choose(-10, 1_000_000)).ToArbitrary();
        return Prop.ForAll(input, t =>
        {
            var index = new SessionSeekIndex(Create(t.Item1));
            var at = TimeSpan.FromTicks(t.Item2 * 10L);
            var expected = -1;
            for (var i = 0; i < index.Keyframes.Count; i++)
            {
                if (index.Keyframes[i].Time <= at)
                {
                    expected = i;
                }
            }

            return index.FindKeyframe(at) == expected;
        });
    }

    [Property]
    public Property FindEventBlock_EqualsLinearScan()
    {
        var input = Gen.Zip(Gen.ArrayOf(Gen.Choose(0, 1000)), Gen.Choose(-5, 30_000)).ToArbitrary();
        return Prop.ForAll(input, t =>
        {
            var index = new SessionSeekIndex(Create(t.Item1));
            var expected = -1;
            for (var i = 0; i < index.EventBlocks.Count; i++)
            {
                var block = index.EventBlocks[i];
                if (t.Item2 >= block.FirstSequence && t.Item2 < block.FirstSequence + block.EventCount)
                {
                    expected = i;
                }
            }

            return index.FindEventBlock(t.Item2) == expected;
        });
    }

    [Fact]
    public void Constructor_KeyframeBackInTime_Throws()
    {
        var blocks = new List<BlockLocation>
        {
            new(0, 0, 10, 0, TimeSpan.Zero, 10),
            new(1, 10, 10, 5, TimeSpan.FromSeconds(5), 0) { Kind = BlockKind.Keyframe },
            new(2, 20, 10, 6, TimeSpan.FromSeconds(1), 0) { Kind = BlockKind.Keyframe },
        };
        var ex = Assert.Throws<ArgumentException>(() => new SessionSeekIndex(new SessionIndex(1, 10, [], blocks)));
        Assert.Contains("back in time", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_KeyframeInsideTheBlockBeforeIt_CountsTheEventsFoldedIntoIt()
    {
        var blocks = new List<BlockLocation>
        {
            new(0, 0, 10, 100, TimeSpan.Zero, 10),
            new(1, 10, 10, 105, TimeSpan.FromSeconds(5), 0) { Kind = BlockKind.Keyframe },
            new(2, 20, 10, 110, TimeSpan.FromSeconds(6), 10),
            new(3, 30, 10, 120, TimeSpan.FromSeconds(9), 0) { Kind = BlockKind.Keyframe },
        };

        var index = new SessionSeekIndex(new SessionIndex(1, 20, [], blocks));

        Assert.Equal([(5L, 105L, 10L), (20L, 120L, 30L)], index.Keyframes.Select(k => (k.EventIndex, k.NextSequence, k.Offset)));
        Assert.Equal(1, index.FindEventBlock(index.Keyframes[1].NextSequence - 1));
        Assert.Equal(-1, index.FindEventBlock(index.Keyframes[1].NextSequence));
    }

    [Fact]
    public void Constructor_KeyframeBeforeItsEvents_Throws()
    {
        var blocks = new List<BlockLocation>
        {
            new(0, 0, 10, 5, TimeSpan.FromSeconds(5), 0) { Kind = BlockKind.Keyframe },
            new(1, 10, 10, 0, TimeSpan.Zero, 10),
        };

        var ex = Assert.Throws<ArgumentException>(() => new SessionSeekIndex(new SessionIndex(1, 10, [], blocks)));
        Assert.Contains("no block before it holds event 4", ex.Message, StringComparison.Ordinal);
    }
}
