namespace InterviewLM.Recording.Cli.Commands;

/// <summary>A clock whose timestamps run <see cref="Rate"/> times as fast as another's: how <c>ilmrec play</c> reaches speeds beyond <see cref="Replay.SessionPlayer"/>'s 0.25–4.</summary>
/// <remarks>
/// Timestamps stay continuous when the rate changes, so a player anchored on them keeps its position. Timers and wall-clock
/// time are the inner clock's (a player's frame timer still ticks at its real interval). Thread-safe.
/// </remarks>
internal sealed class PlaybackClock : TimeProvider
{
    private readonly TimeProvider _inner;
    private readonly Lock _lock = new();
    private long _realAnchor;
    private long _virtualAnchor;
    private double _rate;

    public PlaybackClock(TimeProvider inner, double rate)
    {
        _inner = inner;
        _realAnchor = _virtualAnchor = inner.GetTimestamp();
        _rate = rate;
    }

    /// <summary>Gets or sets how many times as fast as the inner clock the timestamps run.</summary>
    public double Rate
    {
        get
        {
            lock (_lock)
            {
                return _rate;
            }
        }

        set
        {
            lock (_lock)
            {
                var now = _inner.GetTimestamp();
                _virtualAnchor = VirtualAt(now);
                _realAnchor = now;
                _rate = value;
            }
        }
    }

    public override long TimestampFrequency => _inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => _inner.LocalTimeZone;

    public override long GetTimestamp()
    {
        lock (_lock)
        {
            return VirtualAt(_inner.GetTimestamp());
        }
    }

    public override DateTimeOffset GetUtcNow() => _inner.GetUtcNow();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        _inner.CreateTimer(callback, state, dueTime, period);

    private long VirtualAt(long real) => _virtualAnchor + (long)((real - _realAnchor) * _rate);
}
