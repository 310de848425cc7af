
namespace InterviewLM.Recording.Replay;

/// <summary>Represents a whole session in memory with its keyframes: the state at any moment in bounded work.</summary>
/// <remarks>
/// <see cref="StateAt(TimeSpan)"/> restores the last keyframe at or before the moment (binary search) and folds the events after
/// it with <see cref="SessionState.Apply"/> — the same seek <see cref="StoredSessionSeeker"/> runs over a stored session —;
/// the result equals folding from the start (<see cref="FoldFromStart"/>). Decoded keyframes are cached. Not thread-safe.
/// </remarks>
public sealed class SessionTimeline
{
    private readonly RecordedEvent[] _events;
    private readonly List<RecordedEvent> _interactions = [];
    private readonly List<RecordedEvent> _markers = [];
    private readonly List<KeyframeLocation> _keyframes;
    private readonly List<ReadOnlyMemory<byte>> _keyframeBytes;
    private readonly Source _source;

    private SessionTimeline(RecordedEvent[] events, List<KeyframeLocation> keyframes, List<ReadOnlyMemory<byte>> keyframeBytes)
    {
        _events = events;
        _keyframes = keyframes;
        _keyframeBytes = keyframeBytes;
        _source = new Source(this);
        foreach (var recorded in events)
        {
            if (recorded.Event.Channel == EventChannel.Claude)
            {
                _interactions.Add(recorded);
            }
            else if (recorded.Event.Channel == EventChannel.Marker)
            {
                _markers.Add(recorded);
            }
        }
    }

    /// <summary>Gets the session's events in order.</summary>
    public IReadOnlyList<RecordedEvent> Events => _events;

    /// <summary>Gets the keyframes, in time order.</summary>
    public IReadOnlyList<KeyframeLocation> Keyframes => _keyframes;

    /// <summary>Gets the total size of the serialized keyframes in bytes (before the codec compresses them).</summary>
    public long KeyframeBytes => _keyframeBytes.Sum(static b => (long)b.Length);

    /// <summary>Gets the time of the last event.</summary>
    public TimeSpan Duration => _events.Length == 0 ? TimeSpan.Zero : _events[^1].Time;

    /// <summary>Gets the session's Claude interactions, in order.</summary>
    public IReadOnlyList<RecordedEvent> Interactions => _interactions;

    /// <summary>Gets the session's markers, in order.</summary>
    public IReadOnlyList<RecordedEvent> Markers => _markers;

    /// <summary>Folds a session once and places keyframes as the policy says.</summary>
    /// <param name="events">The events in stream order.</param>
    /// <param name="policy">The placement policy, or <see langword="null"/> for <see cref="KeyframePolicy.InMemory"/>.</param>
    /// <returns>The timeline.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> is <see langword="null"/>.</exception>
    public static SessionTimeline Build(IEnumerable<RecordedEvent> events, KeyframePolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        var builder = new KeyframeBuilder(policy ?? KeyframePolicy.InMemory);
        var list = new List<RecordedEvent>();
        var keyframes = new List<KeyframeLocation>();
        var bytes = new List<ReadOnlyMemory<byte>>();
        foreach (var recorded in events)
        {
            list.Add(recorded);
            if (builder.Apply(recorded))
            {
                var number = builder.Count;
                var data = builder.CreateKeyframe();
                bytes.Add(data);
                keyframes.Add(new KeyframeLocation(number, builder.State.Time, builder.State.EventCount, 0, data.Length) { NextSequence = builder.State.LastSequence + 1 });
            }
        }

        return new SessionTimeline([.. list], keyframes, bytes);
    }

    /// <summary>Gets the state at a moment: every event at or before <paramref name="at"/> folded, starting from the nearest keyframe.</summary>
    /// <param name="at">The moment, from the session start; <see cref="TimeSpan.MaxValue"/> for the end.</param>
    /// <returns>A new state, owned by the caller.</returns>
    public SessionState StateAt(TimeSpan at) => StateAt(at, null);

    /// <summary>Gets the state at a moment, reusing a state the caller no longer needs (a player's previous state).</summary>
    /// <param name="at">The moment, from the session start; <see cref="TimeSpan.MaxValue"/> for the end.</param>
    /// <param name="recycle">A state of this session the caller discards: when it is at or before <paramref name="at"/> and past the nearest keyframe, the events after it are applied to it; otherwise its buffers are reused. It must not be used afterwards except as the result.</param>
    /// <returns>The state at <paramref name="at"/> (possibly <paramref name="recycle"/> itself).</returns>
    /// <exception cref="InvalidDataException">A keyframe refers to an event or keyframe the session does not hold.</exception>
    public SessionState StateAt(TimeSpan at, SessionState? recycle) => Synchronously(KeyframeSeek.StateAtAsync(_source, at, recycle, CancellationToken.None));

    /// <summary>Gets the state at a moment by folding every event from the start (what <see cref="StateAt(TimeSpan)"/> must equal).</summary>
    /// <param name="at">The moment; <see cref="TimeSpan.MaxValue"/> for the end.</param>
    /// <returns>A new state.</returns>
    public SessionState FoldFromStart(TimeSpan at)
    {
        var state = new SessionState();
        ApplyUntil(state, at);
        return state;
    }

    /// <summary>Folds into <paramref name="state"/> the events after it up to and including <paramref name="at"/>.</summary>
    /// <param name="state">A state of this session (its <see cref="SessionState.EventCount"/> says where it is).</param>
    /// <param name="at">The moment.</param>
    /// <returns>The number of events applied.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="state"/> is <see langword="null"/>.</exception>
    public int ApplyUntil(SessionState state, TimeSpan at)
    {
        ArgumentNullException.ThrowIfNull(state);
        return (int)Synchronously(KeyframeSeek.FoldAsync(_source, state, at, CancellationToken.None));
    }

    // The source's reads complete synchronously, so the seek does too.
    private static T Synchronously<T>(ValueTask<T> pending) => pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();

    /// <summary>The timeline as a keyframe source: the events in one segment, keyframes decoded once.</summary>
    private sealed class Source(SessionTimeline timeline) : IKeyframeSource
    {
        private readonly KeyframeData?[] _decoded = new KeyframeData?[timeline._keyframes.Count];

        public IReadOnlyList<KeyframeLocation> Keyframes => timeline._keyframes;

        public int SegmentCount => 1;

        public ValueTask<KeyframeData> ReadKeyframeAsync(int number, CancellationToken cancellationToken) => new(GetReadKeyframe(number));

        public KeyframeData GetReadKeyframe(int number) => (uint)number < (uint)_decoded.Length
            ? _decoded[number] ??= KeyframeData.Read(timeline._keyframeBytes[number])
            : throw new InvalidDataException($"A keyframe refers to keyframe {number}; the session has {_decoded.Length}.");

        public ValueTask<RecordedEvent> ReadEventAsync(long sequence, CancellationToken cancellationToken) => EventSequences.IndexOf(timeline._events, sequence) is var i and >= 0
            ? new(timeline._events[i])
            : throw new InvalidDataException($"The session holds no event {sequence}, which a keyframe refers to.");

        public bool IsStateOf(SessionState state) => state.EventCount <= timeline._events.Length &&
            (state.EventCount == 0 || state.LastSequence == timeline._events[(int)state.EventCount - 1].Sequence);

        // A state of this timeline has folded its first EventCount events.
        public int FirstSegmentAfter(SessionState state) => state.EventCount < timeline._events.Length ? 0 : 1;

        public ValueTask<ReadOnlyMemory<RecordedEvent>> ReadEventsAfterAsync(int segment, SessionState state, CancellationToken cancellationToken) =>
            new(timeline._events.AsMemory((int)Math.Min(state.EventCount, timeline._events.Length)));
    }
}
