namespace InterviewLM.Recording;

/// <summary>Represents a clock that only moves when told to: importers and scripted sessions replay recorded times through it.</summary>
/// <remarks>
/// Timers created from it fire synchronously, on the thread that moves the clock, when the clock reaches their due time,
/// in due-time order. Thread-safe. Unlike a test fake, it is meant for production importers: time never goes backwards.
/// </remarks>
public sealed class ManualTimeProvider : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private readonly DateTimeOffset _start;
    private TimeSpan _elapsed;

    /// <summary>Initializes a new instance of the <see cref="ManualTimeProvider"/> class.</summary>
    /// <param name="start">The wall-clock time at elapsed zero.</param>
    public ManualTimeProvider(DateTimeOffset start) => _start = start;

    /// <summary>Gets the time elapsed since the start.</summary>
    public TimeSpan Elapsed
    {
        get
        {
            lock (_gate)
            {
                return _elapsed;
            }
        }
    }

    /// <inheritdoc/>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc/>
    public override long GetTimestamp() => Elapsed.Ticks;

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow() => _start + Elapsed;

    /// <summary>Moves the clock forward by <paramref name="delta"/>, firing every timer that falls due on the way.</summary>
    /// <param name="delta">How far to move; not negative.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is negative.</exception>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        MoveTo(Elapsed + delta);
    }

    /// <summary>Moves the clock to <paramref name="elapsed"/> since the start; a time before the current one leaves the clock where it is.</summary>
    /// <param name="elapsed">The new elapsed time.</param>
    public void MoveTo(TimeSpan elapsed)
    {
        while (true)
        {
            ManualTimer? due;
            lock (_gate)
            {
                due = _timers.Where(t => t.DueAt <= elapsed).MinBy(t => t.DueAt);
                if (due is null)
                {
                    _elapsed = elapsed > _elapsed ? elapsed : _elapsed;
                    return;
                }

                _elapsed = due.DueAt > _elapsed ? due.DueAt : _elapsed;
                due.Reschedule(_elapsed);
            }

            due.Fire();
        }
    }

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public TimeSpan DueAt { get; private set; } = TimeSpan.MaxValue;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._gate)
            {
                owner._timers.Remove(this);
                _period = period;
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    DueAt = TimeSpan.MaxValue;
                    return true;
                }

                DueAt = owner._elapsed + dueTime;
                owner._timers.Add(this);
                return true;
            }
        }

        // Called under the owner's lock as the timer fires: periodic timers move to their next due time, one-shot timers leave.
        public void Reschedule(TimeSpan now)
        {
            if (_period == Timeout.InfiniteTimeSpan || _period <= TimeSpan.Zero)
            {
                owner._timers.Remove(this);
                DueAt = TimeSpan.MaxValue;
            }
            else
            {
                DueAt = now + _period;
            }
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (owner._gate)
            {
                owner._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
