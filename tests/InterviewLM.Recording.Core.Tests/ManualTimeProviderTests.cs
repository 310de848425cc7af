namespace InterviewLM.Recording.Core.Tests;

public sealed class ManualTimeProviderTests
{
    [Fact]
    public void Advance_FiresDueTimersInOrderAtTheirDueTime()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var fired = new List<(string Name, TimeSpan At)>();
        using var periodic = clock.CreateTimer(_ => fired.Add(("p", clock.Elapsed)), null, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2));
        using var once = clock.CreateTimer(_ => fired.Add(("o", clock.Elapsed)), null, TimeSpan.FromSeconds(3), Timeout.InfiniteTimeSpan);
        clock.Advance(TimeSpan.FromSeconds(7));
        Assert.Equal([("p", TimeSpan.FromSeconds(2)), ("o", TimeSpan.FromSeconds(3)), ("p", TimeSpan.FromSeconds(4)), ("p", TimeSpan.FromSeconds(6))], fired);
        Assert.Equal(TimeSpan.FromSeconds(7), clock.Elapsed);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 7, TimeSpan.Zero), clock.GetUtcNow());
    }

    [Fact]
    public void MoveTo_EarlierTime_KeepsTheClockWhereItIs()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        clock.MoveTo(TimeSpan.FromSeconds(5));
        clock.MoveTo(TimeSpan.FromSeconds(3));
        Assert.Equal(TimeSpan.FromSeconds(5), clock.Elapsed);
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Advance(TimeSpan.FromTicks(-1)));
    }

    [Fact]
    public void DisposedOrChangedTimer_DoesNotFire()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var count = 0;
        var timer = clock.CreateTimer(_ => count++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        clock.Advance(TimeSpan.FromSeconds(1));
        timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        clock.Advance(TimeSpan.FromSeconds(5));
        timer.Dispose();
        Assert.Equal(1, count);
    }
}
