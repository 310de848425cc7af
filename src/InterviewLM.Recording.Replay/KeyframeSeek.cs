namespace InterviewLM.Recording.Replay;

/// <summary>Represents where a seek finds a session's keyframes and events: a timeline in memory, a stored session read block by block, or the blocks a verification has read so far.</summary>
/// <remarks>
/// The events come in segments (the whole array in memory, one block of the events object when stored) so the fold runs
/// over spans without a call per event. Implementations cache what they decoded. Not thread-safe.
/// </remarks>
internal interface IKeyframeSource
{
    /// <summary>Gets the keyframes, in time order.</summary>
    IReadOnlyList<KeyframeLocation> Keyframes { get; }

    /// <summary>Gets the number of event segments.</summary>
    int SegmentCount { get; }

    /// <summary>Reads (or takes from the cache) a keyframe by number.</summary>
    ValueTask<KeyframeData> ReadKeyframeAsync(int number, CancellationToken cancellationToken);

    /// <summary>Gets a keyframe that <see cref="ReadKeyframeAsync"/> has read (what a restore resolves references with).</summary>
    KeyframeData GetReadKeyframe(int number);

    /// <summary>Reads an event by sequence number (a full-content snapshot, Claude interaction or marker a keyframe names).</summary>
    ValueTask<RecordedEvent> ReadEventAsync(long sequence, CancellationToken cancellationToken);

    /// <summary>Returns whether a state is one of this session's (a state to play forward from).</summary>
    bool IsStateOf(SessionState state);

    /// <summary>Gets the first segment that holds events after a state, or <see cref="SegmentCount"/> when none does.</summary>
    int FirstSegmentAfter(SessionState state);

    /// <summary>Reads a segment's events that come after a state.</summary>
    ValueTask<ReadOnlyMemory<RecordedEvent>> ReadEventsAfterAsync(int segment, SessionState state, CancellationToken cancellationToken);
}

/// <summary>The one seek algorithm: restore the keyframe at or before the moment, resolve its references, fold the events after it up to the moment.</summary>
/// <remarks>Over a source whose reads complete synchronously (a timeline in memory) it completes synchronously and allocates nothing per event.</remarks>
internal static class KeyframeSeek
{
    /// <summary>Gets the state at a moment.</summary>
    /// <param name="source">The session.</param>
    /// <param name="at">The moment; <see cref="TimeSpan.MaxValue"/> for the end.</param>
    /// <param name="recycle">A state of this session the caller discards, played forward when it is at or before the moment and past the nearest keyframe, otherwise its buffers are reused; or <see langword="null"/>.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    public static async ValueTask<SessionState> StateAtAsync(IKeyframeSource source, TimeSpan at, SessionState? recycle, CancellationToken cancellationToken)
    {
        var keyframes = source.Keyframes;
        var found = SessionSeekIndex.FindKeyframe(keyframes, at);
        SessionState state;
        if (recycle is not null && recycle.Time <= at && (found < 0 || recycle.EventCount >= keyframes[found].EventIndex) && source.IsStateOf(recycle))
        {
            state = recycle; // already past the keyframe: play forward
        }
        else
        {
            state = found < 0 ? new SessionState() : await RestoreAsync(source, found, recycle, cancellationToken).ConfigureAwait(false);
        }

        await FoldAsync(source, state, at, cancellationToken).ConfigureAwait(false);
        return state;
    }

    /// <summary>Restores a keyframe: reads it, the earlier keyframes it refers to for unchanged files and screens, and the events it names.</summary>
    public static async ValueTask<SessionState> RestoreAsync(IKeyframeSource source, int number, SessionState? recycle, CancellationToken cancellationToken)
    {
        var keyframe = await source.ReadKeyframeAsync(number, cancellationToken).ConfigureAwait(false);
        if (keyframe.TerminalStoredIn is { } screen)
        {
            await source.ReadKeyframeAsync(screen, cancellationToken).ConfigureAwait(false);
        }

        // Unchanged files point at the keyframe that stored them, changed files may be diffs against an earlier copy, and a
        // copy may be the content of a full-content snapshot event: reads those keyframes and events (once; a resolved
        // entry keeps its content).
        Dictionary<long, RecordedEvent>? snapshots = null;
        foreach (var file in keyframe.Files)
        {
            var entry = file;
            while (!entry.Resolved)
            {
                snapshots = await AddAsync(source, snapshots, entry.SnapshotSequence, cancellationToken).ConfigureAwait(false);
                snapshots = await AddAsync(source, snapshots, entry.SnapshotContentSequence, cancellationToken).ConfigureAwait(false);
                if ((entry.StoredIn ?? entry.BaseIn) is not { } earlier)
                {
                    break;
                }

                var holder = await source.ReadKeyframeAsync(earlier, cancellationToken).ConfigureAwait(false);
                entry = holder.FilesById.TryGetValue(file.FileId, out var found)
                    ? found
                    : throw new InvalidDataException($"Keyframe {number} refers to keyframe {earlier} for file {file.FileId}, which it does not hold.");
            }
        }

        var interactions = await ReadEventsAsync(source, keyframe.InteractionSequences, cancellationToken).ConfigureAwait(false);
        var markers = await ReadEventsAsync(source, keyframe.MarkerSequences, cancellationToken).ConfigureAwait(false);
        return SessionState.Restore(keyframe, source.GetReadKeyframe, interactions, markers,
            sequence => snapshots is not null && snapshots.TryGetValue(sequence, out var recorded) ? recorded : throw new InvalidDataException($"The session holds no event {sequence}, which a keyframe refers to."),
            recycle);
    }

    /// <summary>Folds into a state the events after it up to and including a moment.</summary>
    /// <returns>The number of events applied.</returns>
    public static async ValueTask<long> FoldAsync(IKeyframeSource source, SessionState state, TimeSpan at, CancellationToken cancellationToken)
    {
        var before = state.EventCount;
        for (var segment = source.FirstSegmentAfter(state); segment < source.SegmentCount; segment++)
        {
            var events = await source.ReadEventsAfterAsync(segment, state, cancellationToken).ConfigureAwait(false);
            if (!FoldUntil(state, events.Span, at))
            {
                break;
            }
        }

        return state.EventCount - before;
    }

    // Applies events up to the first one after the moment; false when it met one.
    private static bool FoldUntil(SessionState state, ReadOnlySpan<RecordedEvent> events, TimeSpan at)
    {
        foreach (var recorded in events)
        {
            if (recorded.Time > at)
            {
                return false;
            }

            state.Apply(recorded);
        }

        return true;
    }

    private static async ValueTask<Dictionary<long, RecordedEvent>?> AddAsync(IKeyframeSource source, Dictionary<long, RecordedEvent>? events, long? sequence, CancellationToken cancellationToken)
    {
        if (sequence is not { } value || (events is not null && events.ContainsKey(value)))
        {
            return events;
        }

        events ??= [];
        events[value] = await source.ReadEventAsync(value, cancellationToken).ConfigureAwait(false);
        return events;
    }

    private static async ValueTask<RecordedEvent[]> ReadEventsAsync(IKeyframeSource source, long[] sequences, CancellationToken cancellationToken)
    {
        if (sequences.Length == 0)
        {
            return [];
        }

        var events = new RecordedEvent[sequences.Length];
        for (var i = 0; i < sequences.Length; i++)
        {
            events[i] = await source.ReadEventAsync(sequences[i], cancellationToken).ConfigureAwait(false);
        }

        return events;
    }

    /// <summary>Gets the position of the first event whose sequence number is greater than <paramref name="sequence"/> in events held in sequence order.</summary>
    public static int FirstAfter(ReadOnlySpan<RecordedEvent> events, long sequence)
    {
        if (events.IsEmpty || events[0].Sequence > sequence)
        {
            return 0;
        }

        int low = 0, high = events.Length;
        while (low < high)
        {
            var mid = low + ((high - low) / 2);
            (low, high) = events[mid].Sequence <= sequence ? (mid + 1, high) : (low, mid);
        }

        return low;
    }
}
