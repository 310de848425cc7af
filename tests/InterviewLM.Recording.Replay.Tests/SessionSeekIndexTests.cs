using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using InterviewLM.Recording.SeekIndex;

namespace InterviewLM.Recording.Replay.Tests;

public sealed class SessionSeekIndexTests
{
    private static SessionSeekIndex Create(int[] gaps, long eventsLength)
    {
        var keyframes = new List<KeyframeLocation>();
        long time = 0, index = 0, offset = 0;
        foreach (var gap in gaps)
        {
            time += gap;
            index += 1 + (gap % 7);
            keyframes.Add(new KeyframeLocation(keyframes.Count, TimeSpan.FromTicks(time * 10), index, offset, 100 + gap));
            offset += 100 + gap;
        }

        var checkpoints = new List<SeekCheckpoint> { new(TimeSpan.Zero, 1_700_000_000_000, 0, 0, "session_start"), new(TimeSpan.FromTicks(time * 10), 1_700_000_000_500, offset, index, "session_end") };
        return new SessionSeekIndex(index, eventsLength, checkpoints, "keyframes.jsonl.gz", keyframes);
    }

    [Property]
    public Property ToJson_TryParse_RoundTrips()
    {
        var input = Gen.Zip(Gen.ArrayOf(Gen.Choose(0, 1_000_000)), Gen.Choose(0, int.MaxValue)).ToArbitrary();
        return Prop.ForAll(input, t =>
        {
            var original = Create(t.Item1, t.Item2);
            var parsed = SessionSeekIndex.TryParse(original.ToJson())!;
            return parsed.EventCount == original.EventCount && parsed.EventsLength == original.EventsLength && parsed.KeyframesFile == original.KeyframesFile &&
                   parsed.Keyframes.SequenceEqual(original.Keyframes) && parsed.Checkpoints.SequenceEqual(original.Checkpoints);
        });
    }

    [Property]
    public Property FindKeyframe_EqualsLinearScan()
    {
        var input = Gen.Zip(Gen.ArrayOf(Gen.Choose(0, 1000)), Gen.Choose(-10, 1_000_000)).ToArbitrary();
        return Prop.ForAll(input, t =>
        {
            var index = Create(t.Item1, 0);
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

    [Fact]
    public void ToJson_KeepsStorageFields()
    {
        var existing = """{"version":1,"eventCount":3,"checkpoints":[],"blocks":[{"index":0,"offset":0,"length":10,"firstSeq":0,"firstTimeUs":0,"count":3}]}"""u8;
        var json = System.Text.Encoding.UTF8.GetString(Create([5, 10], 1234).ToJson(existing));
        Assert.Contains("\"blocks\"", json, StringComparison.Ordinal);
        Assert.Contains("\"keyframes\"", json, StringComparison.Ordinal);
        Assert.Equal(1234, SessionSeekIndex.TryParse(System.Text.Encoding.UTF8.GetBytes(json))!.EventsLength);
    }

    [Fact]
    public void TryParse_IndexWithoutKeyframes_ReturnsNull()
    {
        Assert.Null(SessionSeekIndex.TryParse("""{"version":1,"eventCount":3,"checkpoints":[],"blocks":[]}"""u8));
        Assert.Null(SessionSeekIndex.TryParse("not json"u8));
    }

    [Fact]
    public void IsCurrent_DifferentLengthOrCount_IsStale()
    {
        var index = Create([1, 2, 3], 500);
        Assert.True(index.IsCurrent(index.EventCount, 500));
        Assert.False(index.IsCurrent(index.EventCount, 501));
        Assert.False(index.IsCurrent(index.EventCount + 1, 500));
    }

    [Fact]
    public void KeyframeEvent_CreateTryGetState_RoundTrips()
    {
        byte[] state = [0, 1, 2, 250, 255];
        Assert.True(KeyframeEvent.TryGetState(KeyframeEvent.Create(state), out var read));
        Assert.Equal(state, read);
        Assert.False(KeyframeEvent.TryGetState(new Marker("x"), out _));
    }
}
