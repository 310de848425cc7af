using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Replay;

/// <summary>Answers the state of a stored session at any moment by reading only what that moment needs from the events object.</summary>
/// <remarks>
/// The seek is <see cref="SessionTimeline"/>'s, over the stored session: it reads the keyframe at or before the moment
/// (found in the index by binary search), the earlier keyframes it refers to for unchanged files and screens, the blocks
/// holding the events it names (full-content snapshots, Claude interactions and markers so far), and the event blocks from
/// the keyframe up to the moment, each with one ranged read (<see cref="StoredSession.ReadBlockAsync"/>), then folds those
/// events. The result equals folding the whole session up to the moment. Nothing is written: a session without keyframes
/// is sought by folding from its start. Decoded keyframes and blocks are cached. Not thread-safe.
/// </remarks>
public sealed class StoredSessionSeeker
{
    private readonly Source _source;

    private StoredSessionSeeker(StoredSession session, SessionSeekIndex index)
    {
        Index = index;
        _source = new Source(session, index);
    }

    /// <summary>Gets the seek index used.</summary>
    public SessionSeekIndex Index { get; }

    /// <summary>Opens a stored session for seeking; nothing is written (a missing or stale index is built in memory, and a session without keyframes is sought by folding from its start).</summary>
    /// <param name="session">The session.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The seeker.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="session"/> is <see langword="null"/>.</exception>
    public static async Task<StoredSessionSeeker> OpenAsync(StoredSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var index = await SessionKeyframes.LoadIndexAsync(session, cancellationToken).ConfigureAwait(false);
        return new StoredSessionSeeker(session, index);
    }

    /// <summary>Gets the state at a moment: every event at or before <paramref name="at"/> folded, starting from the nearest keyframe.</summary>
    /// <param name="at">The moment, from the session start; <see cref="TimeSpan.MaxValue"/> for the end.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A new state.</returns>
    /// <exception cref="InvalidDataException">A block the seek needs is damaged, or a keyframe refers to something the session does not hold.</exception>
    public async Task<SessionState> StateAtAsync(TimeSpan at, CancellationToken cancellationToken = default) =>
        await KeyframeSeek.StateAtAsync(_source, at, null, cancellationToken).ConfigureAwait(false);

    /// <summary>The stored session as a keyframe source: one segment per event block, each block read once by a ranged read.</summary>
    private sealed class Source(StoredSession session, SessionSeekIndex index) : IKeyframeSource
    {
        private readonly Dictionary<int, KeyframeData> _keyframes = [];
        private readonly Dictionary<int, RecordedEvent[]> _blocks = [];

        public IReadOnlyList<KeyframeLocation> Keyframes => index.Keyframes;

        public int SegmentCount => index.EventBlocks.Count;

        public async ValueTask<KeyframeData> ReadKeyframeAsync(int number, CancellationToken cancellationToken)
        {
            if (_keyframes.TryGetValue(number, out var cached))
            {
                return cached;
            }

            if ((uint)number >= (uint)index.Keyframes.Count)
            {
                throw new InvalidDataException($"A keyframe refers to keyframe {number}; the index lists {index.Keyframes.Count}.");
            }

            var location = index.Keyframes[number];
            var result = await session.ReadBlockAsync(new BlockLocation(number, location.Offset, location.Length, location.NextSequence, location.Time, 0) { Kind = BlockKind.Keyframe }, cancellationToken).ConfigureAwait(false);
            if (result.Keyframe is { } keyframe)
            {
                try
                {
                    return _keyframes[number] = KeyframeData.Read(keyframe.State);
                }
                catch (FormatException ex)
                {
                    throw new InvalidDataException($"Keyframe {number} at byte offset {location.Offset} cannot be read: {ex.Message}", ex);
                }
            }

            throw new InvalidDataException($"Keyframe {number} is not at byte offset {location.Offset} as the index says, or is damaged.");
        }

        public KeyframeData GetReadKeyframe(int number) => _keyframes[number];

        public async ValueTask<RecordedEvent> ReadEventAsync(long sequence, CancellationToken cancellationToken)
        {
            var block = index.FindEventBlock(sequence);
            if (block < 0)
            {
                throw new InvalidDataException($"No block of the events object holds event {sequence}, which a keyframe refers to.");
            }

            var events = await ReadBlockAsync(block, cancellationToken).ConfigureAwait(false);
            var position = EventSequences.IndexOf(events, sequence);
            return position >= 0 ? events[position] : throw new InvalidDataException($"The block at byte offset {index.EventBlocks[block].Offset} does not hold event {sequence}.");
        }

        public bool IsStateOf(SessionState state)
        {
            if (state.EventCount == 0)
            {
                return true;
            }

            var block = index.FindEventBlock(state.LastSequence);
            return block >= 0 && index.EventsBefore(block) + (state.LastSequence - index.EventBlocks[block].FirstSequence) + 1 == state.EventCount;
        }

        // The first block holding an event after the state's last (a keyframe's block holds events before and after it).
        public int FirstSegmentAfter(SessionState state)
        {
            var blocks = index.EventBlocks;
            int low = 0, high = blocks.Count;
            while (low < high)
            {
                var mid = low + ((high - low) / 2);
                var block = blocks[mid];
                (low, high) = block.FirstSequence + block.EventCount - 1 <= state.LastSequence ? (mid + 1, high) : (low, mid);
            }

            return low;
        }

        public async ValueTask<ReadOnlyMemory<RecordedEvent>> ReadEventsAfterAsync(int segment, SessionState state, CancellationToken cancellationToken)
        {
            var events = await ReadBlockAsync(segment, cancellationToken).ConfigureAwait(false);
            return events.AsMemory(KeyframeSeek.FirstAfter(events, state.LastSequence));
        }

        private async ValueTask<RecordedEvent[]> ReadBlockAsync(int block, CancellationToken cancellationToken)
        {
            if (_blocks.TryGetValue(block, out var events))
            {
                return events;
            }

            var location = index.EventBlocks[block];
            var result = await session.ReadBlockAsync(location, cancellationToken).ConfigureAwait(false);
            if (result.Block is not { } read)
            {
                throw new InvalidDataException($"The event block at byte offset {location.Offset} is damaged or not where the index says.");
            }

            events = read.Events as RecordedEvent[] ?? [.. read.Events];
            _blocks[block] = events;
            return events;
        }
    }
}
