namespace InterviewLM.Recording.Replay;

/// <summary>Plays a session on a <see cref="TimeProvider"/>: play, pause, seek and speed, with events for renders, terminal output, Claude interactions, markers, problems and the end.</summary>
/// <remarks>
/// <para>
/// While playing, a timer ticks about 60 times a second. Each tick moves the playhead by the elapsed time times the
/// speed, applies every event up to it (raising <see cref="EventApplied"/>, <see cref="TerminalOutput"/>,
/// <see cref="ClaudeInteraction"/>, <see cref="MarkerReached"/> and <see cref="ProblemFound"/> for each) and then raises
/// <see cref="StateUpdated"/> once. A late tick therefore renders once for everything it caught up on: intermediate
/// renders are skipped, events never are. <see cref="Seek"/> restores the state from the nearest keyframe and raises
/// <see cref="StateUpdated"/> at once; the events it jumps over raise nothing.
/// </para>
/// <para>Members are thread-safe. Handlers run on the timer's thread (or the caller's, for <see cref="Seek"/>), under the player's lock: keep them short.</para>
/// </remarks>
public sealed class SessionPlayer : IDisposable
{
    /// <summary>The slowest speed.</summary>
    public const double MinimumSpeed = 0.25;

    /// <summary>The fastest speed.</summary>
    public const double MaximumSpeed = 4;

    /// <summary>The default time between renders (about 60 per second).</summary>
    public static readonly TimeSpan DefaultFrameInterval = TimeSpan.FromTicks(TimeSpan.TicksPerSecond / 60);

    private readonly Lock _lock = new();
    private readonly SessionTimeline _timeline;
    private readonly TimeProvider _time;
    private readonly TimeSpan _frameInterval;
    private SessionState _state;
    private ITimer? _timer;
    private TimeSpan _anchorPosition;
    private long _anchorTimestamp;
    private double _speed = 1;
    private bool _ended;
    private bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="SessionPlayer"/> class, paused at the start.</summary>
    /// <param name="timeline">The session.</param>
    /// <param name="timeProvider">The clock, or <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="frameInterval">The time between renders while playing, or <see langword="null"/> for <see cref="DefaultFrameInterval"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="timeline"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="frameInterval"/> is not positive.</exception>
    public SessionPlayer(SessionTimeline timeline, TimeProvider? timeProvider = null, TimeSpan? frameInterval = null)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        _frameInterval = frameInterval ?? DefaultFrameInterval;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_frameInterval, TimeSpan.Zero, nameof(frameInterval));
        _timeline = timeline;
        _time = timeProvider ?? TimeProvider.System;
        _state = timeline.StateAt(TimeSpan.Zero);
    }

    /// <summary>Gets the seed's speed choices.</summary>
    public static IReadOnlyList<double> Speeds { get; } = [0.5, 0.75, 1, 1.25, 1.5, 2, 4];

    /// <summary>Occurs after each render tick (about 60 per second while playing) and after a seek.</summary>
    public event EventHandler<PlayerFrameEventArgs>? StateUpdated;

    /// <summary>Occurs for every event applied while playing, in order.</summary>
    public event EventHandler<RecordedEventArgs>? EventApplied;

    /// <summary>Occurs for terminal output applied while playing.</summary>
    public event EventHandler<RecordedEventArgs>? TerminalOutput;

    /// <summary>Occurs for a Claude interaction reached while playing.</summary>
    public event EventHandler<RecordedEventArgs>? ClaudeInteraction;

    /// <summary>Occurs for a marker reached while playing.</summary>
    public event EventHandler<RecordedEventArgs>? MarkerReached;

    /// <summary>Occurs when an applied event reveals an inconsistency, such as a file whose rebuilt content does not match its snapshot's hash.</summary>
    public event EventHandler<PlayerProblemEventArgs>? ProblemFound;

    /// <summary>Occurs once when playback reaches the end.</summary>
    public event EventHandler? Ended;

    /// <summary>Gets the session's duration.</summary>
    public TimeSpan Duration => _timeline.Duration;

    /// <summary>Gets a value indicating whether the player is playing.</summary>
    public bool IsPlaying
    {
        get
        {
            lock (_lock)
            {
                return _timer is not null;
            }
        }
    }

    /// <summary>Gets or sets the speed; values are clamped to 0.25–4.</summary>
    /// <exception cref="ArgumentException">The value is not a number.</exception>
    public double Speed
    {
        get
        {
            lock (_lock)
            {
                return _speed;
            }
        }

        set
        {
            if (double.IsNaN(value))
            {
                throw new ArgumentException("The speed must be a number.", nameof(value));
            }

            lock (_lock)
            {
                Anchor(CurrentPosition());
                _speed = Math.Clamp(value, MinimumSpeed, MaximumSpeed);
            }
        }
    }

    /// <summary>Gets the playhead (what has been applied up to; while playing, as of the last tick).</summary>
    public TimeSpan Position
    {
        get
        {
            lock (_lock)
            {
                return _anchorPosition;
            }
        }
    }

    /// <summary>Gets the playhead as a fraction of the duration, from 0 to 1.</summary>
    public double Progress
    {
        get
        {
            lock (_lock)
            {
                return ProgressOf(_anchorPosition);
            }
        }
    }

    /// <summary>Gets the state at the playhead. Read it under no assumption of stability while playing; use <see cref="StateUpdated"/>.</summary>
    public SessionState State
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    /// <summary>Starts or resumes playing; at the end, starts over from the beginning.</summary>
    /// <exception cref="ObjectDisposedException">The player is disposed.</exception>
    public void Play()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_timer is not null)
            {
                return;
            }

            if (_ended || _anchorPosition >= Duration)
            {
                SeekCore(TimeSpan.Zero);
            }

            Anchor(_anchorPosition);
            _timer = _time.CreateTimer(static s => ((SessionPlayer)s!).Tick(), this, _frameInterval, _frameInterval);
        }
    }

    /// <summary>Pauses, keeping the playhead where it is (events up to now are applied first).</summary>
    public void Pause()
    {
        lock (_lock)
        {
            if (_timer is null)
            {
                return;
            }

            AdvanceTo(CurrentPosition());
            StopTimer();
        }
    }

    /// <summary>Moves the playhead to <paramref name="position"/> (clamped to the session), restoring the state from the nearest keyframe; playing continues from there.</summary>
    /// <param name="position">The moment.</param>
    /// <exception cref="ObjectDisposedException">The player is disposed.</exception>
    public void Seek(TimeSpan position)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            SeekCore(position);
            StateUpdated?.Invoke(this, new PlayerFrameEventArgs(_anchorPosition, ProgressOf(_anchorPosition), _state));
        }
    }

    /// <summary>Stops the timer.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            StopTimer();
        }
    }

    private void SeekCore(TimeSpan position)
    {
        position = position < TimeSpan.Zero ? TimeSpan.Zero : position > Duration ? Duration : position;
        _state = _timeline.StateAt(position, _state);
        _ended = false;
        Anchor(position);
    }

    private void Tick()
    {
        lock (_lock)
        {
            if (_timer is null)
            {
                return;
            }

            var position = CurrentPosition();
            var end = position >= Duration;
            AdvanceTo(end ? TimeSpan.MaxValue : position);
            if (end)
            {
                _anchorPosition = Duration;
            }

            StateUpdated?.Invoke(this, new PlayerFrameEventArgs(_anchorPosition, ProgressOf(_anchorPosition), _state));
            if (end && !_ended)
            {
                _ended = true;
                StopTimer();
                Ended?.Invoke(this, EventArgs.Empty);
            }
        }
    }

    // Applies every event up to the position, one by one, raising the per-event events.
    private void AdvanceTo(TimeSpan position)
    {
        var events = _timeline.Events;
        for (var i = (int)_state.EventCount; i < events.Count && events[i].Time <= position; i++)
        {
            var recorded = events[i];
            var problems = _state.ProblemCount;
            _state.Apply(recorded);
            var args = new RecordedEventArgs(recorded);
            EventApplied?.Invoke(this, args);
            switch (recorded.Event.Channel)
            {
                case EventChannel.Terminal when recorded.Event is Recording.TerminalOutput:
                    TerminalOutput?.Invoke(this, args);
                    break;
                case EventChannel.Claude:
                    ClaudeInteraction?.Invoke(this, args);
                    break;
                case EventChannel.Marker:
                    MarkerReached?.Invoke(this, args);
                    break;
            }

            if (_state.ProblemCount > problems && ProblemFound is { } handler)
            {
                var all = _state.Problems;
                for (var p = problems; p < all.Count; p++)
                {
                    handler(this, new PlayerProblemEventArgs(recorded, all[p]));
                }
            }
        }

        Anchor(position == TimeSpan.MaxValue ? Duration : position);
    }

    private TimeSpan CurrentPosition()
    {
        if (_timer is null)
        {
            return _anchorPosition;
        }

        var elapsed = _time.GetElapsedTime(_anchorTimestamp);
        var advanced = _anchorPosition + TimeSpan.FromTicks((long)(elapsed.Ticks * _speed));
        return advanced > Duration ? Duration : advanced;
    }

    private void Anchor(TimeSpan position)
    {
        _anchorPosition = position;
        _anchorTimestamp = _time.GetTimestamp();
    }

    private void StopTimer()
    {
        _timer?.Dispose();
        _timer = null;
    }

    private double ProgressOf(TimeSpan position) => Duration <= TimeSpan.Zero ? 1 : Math.Clamp(position / Duration, 0, 1);
}
