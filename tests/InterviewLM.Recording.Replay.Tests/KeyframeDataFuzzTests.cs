using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace InterviewLM.Recording.Replay.Tests;

/// <summary>A damaged keyframe is refused with a <see cref="FormatException"/>, never a crash, a hang or a huge allocation.</summary>
public sealed class KeyframeDataFuzzTests
{
    [Fact]
    public void Read_TruncatedAtEveryOffset_ThrowsFormatException()
    {
        var data = KeyframeOf(RandomSessions.Create(11, 120));
        for (var length = 0; length < data.Length; length++)
        {
            Assert.Throws<FormatException>(() => KeyframeData.Read(data.AsMemory(0, length)));
        }

        Assert.NotNull(KeyframeData.Read(data));
    }

    [Property(MaxTest = 300)]
    public Property Read_RandomlyFlippedBytes_ReadsOrThrowsFormatException()
    {
        var input = Gen.Zip(Gen.Choose(0, 10_000), Gen.Zip(Gen.Choose(1, 8), Gen.Choose(0, int.MaxValue))).ToArbitrary();
        return Prop.ForAll(input, t =>
        {
            var (seed, (flips, where)) = t;
            var data = KeyframeOf(RandomSessions.Create(seed, 60));
            var random = new Random(where);
            for (var i = 0; i < flips; i++)
            {
                data[random.Next(data.Length)] ^= (byte)(1 << random.Next(8));
            }

            try
            {
                KeyframeData.Read(data);
                return true;
            }
            catch (FormatException)
            {
                return true;
            }
        });
    }

    // The keyframe after the session's last event, files and screen stored in full.
    private static byte[] KeyframeOf(List<RecordedEvent> events)
    {
        var state = new SessionState();
        foreach (var recorded in events)
        {
            state.Apply(recorded);
        }

        return KeyframeData.Write(state, null, 0);
    }
}
