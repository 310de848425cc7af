using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Replay;

/// <summary>Represents a session's seek index: the checkpoints and blocks of <c>index.json</c>, with the keyframe blocks and event blocks ready for O(log n) lookups.</summary>
/// <remarks>
/// Keyframes live in the events file as blocks of their own; <c>index.json</c> (written by the storage layer when the
/// session is finalized, and built from the events by <see cref="StoredSession.BuildIndexAsync"/> when missing or stale) lists
/// them beside the event blocks. This type derives from it where each keyframe sits in the event stream.
/// </remarks>
public sealed class SessionSeekIndex
{
    private readonly List<BlockLocation> _eventBlocks = [];
    private readonly List<long> _eventBlockStarts = [];
    private readonly List<KeyframeLocation> _keyframes = [];

    /// <summary>Initializes a new instance of the <see cref="SessionSeekIndex"/> class.</summary>
    /// <param name="index">The session's <c>index.json</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="index"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The blocks are not in file order, or a keyframe goes back in time.</exception>
    public SessionSeekIndex(SessionIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        Index = index;
        long events = 0;
        long offset = -1;
        foreach (var block in index.Blocks)
        {
            if (block.Offset <= offset)
            {
                throw new ArgumentException($"Block {block.Index} is not after the block before it.", nameof(index));
            }

            offset = block.Offset;
            if (block.Kind == BlockKind.Keyframe)
            {
                if (_keyframes.Count > 0 && block.FirstTime < _keyframes[^1].Time)
                {
                    throw new ArgumentException($"Keyframe block {block.Index} goes back in time.", nameof(index));
                }

                // A keyframe follows the block holding the last event folded into it (it never splits a block).
                var holder = FindEventBlock(block.FirstSequence - 1);
                if (holder < 0)
                {
                    throw new ArgumentException($"Keyframe block {block.Index} names event {block.FirstSequence} as the next, but no block before it holds event {block.FirstSequence - 1}.", nameof(index));
                }

                var eventIndex = _eventBlockStarts[holder] + (block.FirstSequence - _eventBlocks[holder].FirstSequence);
                _keyframes.Add(new KeyframeLocation(_keyframes.Count, block.FirstTime, eventIndex, block.Offset, block.Length) { NextSequence = block.FirstSequence });
            }
            else
            {
                _eventBlocks.Add(block);
                _eventBlockStarts.Add(events);
                events += block.EventCount;
            }
        }

        EventCount = events;
    }

    /// <summary>Gets the <c>index.json</c> this index was built from.</summary>
    public SessionIndex Index { get; }

    /// <summary>Gets the number of events in the indexed blocks.</summary>
    public long EventCount { get; }

    /// <summary>Gets the named moments (session_start, first_file_created, first_claude_call, session_end, …).</summary>
    public IReadOnlyList<SessionCheckpoint> Checkpoints => Index.Checkpoints;

    /// <summary>Gets the keyframes, in time order, with the number of events before each.</summary>
    public IReadOnlyList<KeyframeLocation> Keyframes => _keyframes;

    /// <summary>Gets the event blocks, in file order.</summary>
    public IReadOnlyList<BlockLocation> EventBlocks => _eventBlocks;

    /// <summary>Finds the last keyframe whose time is at or before <paramref name="time"/> (binary search).</summary>
    /// <param name="time">The session time.</param>
    /// <returns>The keyframe's position in <see cref="Keyframes"/>, or -1 when none is that early.</returns>
    public int FindKeyframe(TimeSpan time) => FindKeyframe(_keyframes, time);

    /// <summary>Finds the last keyframe whose time is at or before <paramref name="time"/> in a time-ordered list (binary search).</summary>
    /// <param name="keyframes">The keyframes, in time order.</param>
    /// <param name="time">The session time.</param>
    /// <returns>The keyframe's position, or -1 when none is that early.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="keyframes"/> is <see langword="null"/>.</exception>
    public static int FindKeyframe(IReadOnlyList<KeyframeLocation> keyframes, TimeSpan time)
    {
        ArgumentNullException.ThrowIfNull(keyframes);
        return LastAtOrBefore(keyframes.Count, i => keyframes[i].Time <= time);
    }

    /// <summary>Finds the last checkpoint at or before <paramref name="time"/> (binary search).</summary>
    /// <param name="time">The session time.</param>
    /// <returns>The checkpoint's position in <see cref="Checkpoints"/>, or -1.</returns>
    public int FindCheckpoint(TimeSpan time) => LastAtOrBefore(Checkpoints.Count, i => Checkpoints[i].Time <= time);

    /// <summary>Finds the event block that holds the event with a sequence number (binary search).</summary>
    /// <param name="sequence">The event's sequence number.</param>
    /// <returns>The block's position in <see cref="EventBlocks"/>, or -1 when no block holds it.</returns>
    public int FindEventBlock(long sequence)
    {
        var found = LastAtOrBefore(_eventBlocks.Count, i => _eventBlocks[i].FirstSequence <= sequence);
        return found >= 0 && sequence < _eventBlocks[found].FirstSequence + _eventBlocks[found].EventCount ? found : -1;
    }

    /// <summary>Gets the number of events stored before an event block.</summary>
    /// <param name="eventBlock">The block's position in <see cref="EventBlocks"/>.</param>
    /// <returns>The count.</returns>
    public long EventsBefore(int eventBlock) => _eventBlockStarts[eventBlock];

    // The last position in [0, count) whose predicate holds, for a predicate that holds on a prefix; -1 when none.
    private static int LastAtOrBefore(int count, Func<int, bool> atOrBefore)
    {
        int low = 0, high = count - 1, found = -1;
        while (low <= high)
        {
            var mid = low + ((high - low) / 2);
            if (atOrBefore(mid))
            {
                found = mid;
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return found;
    }
}
