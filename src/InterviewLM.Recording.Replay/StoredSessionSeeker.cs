using InterviewLM.Recording.SeekIndex;
using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Replay;

/// <summary>Answers the state of a stored session at any moment by reading only what that moment needs from the events file.</summary>
/// <remarks>
/// A seek reads the keyframe at or before the moment (found in the index by binary search), the earlier keyframes it
/// refers to for unchanged files and screens, the blocks holding the Claude interactions and markers so far, and the
/// event blocks from the keyframe up to the moment, then folds those events. The result equals folding the whole
/// session up to the moment. Decoded keyframes and blocks are cached. Not thread-safe.
/// </remarks>
public sealed class StoredSessionSeeker
{
    private readonly StoredSession _session;
    private readonly Dictionary<int, KeyframeData> _keyframes = [];
    private readonly Dictionary<int, IReadOnlyList<RecordedEvent>> _blocks = [];

    private StoredSessionSeeker(StoredSession session, SessionSeekIndex index)
    {
        _session = session;
        Index = index;
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
    /// <exception cref="InvalidDataException">A block the seek needs is damaged.</exception>
    public async Task<SessionState> StateAtAsync(TimeSpan at, CancellationToken cancellationToken = default)
    {
        var found = Index.FindKeyframe(at);
        SessionState state;
        var next = 0;
        if (found >= 0)
        {
            var keyframe = await LoadKeyframeAsync(found, cancellationToken).ConfigureAwait(false);
            var snapshots = await LoadReferencesAsync(keyframe, cancellationToken).ConfigureAwait(false);
            var interactions = await EventsAsync(keyframe.InteractionSequences, cancellationToken).ConfigureAwait(false);
            var markers = await EventsAsync(keyframe.MarkerSequences, cancellationToken).ConfigureAwait(false);
            var snapshotEvents = (await EventsAsync(snapshots, cancellationToken).ConfigureAwait(false)).ToDictionary(e => e.Sequence);
            state = SessionState.Restore(keyframe, n => _keyframes[n], interactions, markers, s => snapshotEvents[s]);
            next = Index.FindEventBlock(Index.Keyframes[found].NextSequence);
            if (next < 0)
            {
                return state; // the keyframe follows the last event
            }
        }
        else
        {
            state = new SessionState();
        }

        // Through the cache: the block a keyframe follows usually also holds the snapshot events it names.
        for (var block = next; block < Index.EventBlocks.Count; block++)
        {
            foreach (var recorded in await EventBlockAsync(block, cancellationToken).ConfigureAwait(false))
            {
                if (recorded.Sequence <= state.LastSequence)
                {
                    continue; // folded into the keyframe: its block holds events before and after it
                }

                if (recorded.Time > at)
                {
                    return state;
                }

                state.Apply(recorded);
            }
        }

        return state;
    }

    private async Task<KeyframeData> LoadKeyframeAsync(int number, CancellationToken cancellationToken)
    {
        if (_keyframes.TryGetValue(number, out var cached))
        {
            return cached;
        }

        var location = Index.Keyframes[number];
        var result = await _session.ReadBlockAsync(new BlockLocation(number, location.Offset, location.Length, location.NextSequence, location.Time, 0) { Kind = BlockKind.Keyframe }, cancellationToken).ConfigureAwait(false);
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

        throw new InvalidDataException($"Keyframe {number} is not at byte offset {location.Offset} as index.json says, or is damaged.");
    }

    // Unchanged files and screens point at the keyframe that stored them, changed files may be diffs against an earlier
    // copy, and a copy may be the content of a full snapshot event: loads those keyframes and returns those events' numbers.
    private async Task<long[]> LoadReferencesAsync(KeyframeData keyframe, CancellationToken cancellationToken)
    {
        var snapshots = new SortedSet<long>();
        if (keyframe.TerminalStoredIn is { } screen)
        {
            await LoadKeyframeAsync(screen, cancellationToken).ConfigureAwait(false);
        }

        foreach (var file in keyframe.Files)
        {
            var entry = file;
            snapshots.UnionWith(entry.EventReferences);
            while ((entry.StoredIn ?? entry.BaseIn) is { } earlier)
            {
                entry = (await LoadKeyframeAsync(earlier, cancellationToken).ConfigureAwait(false)).FilesById[file.FileId];
                snapshots.UnionWith(entry.EventReferences);
            }
        }

        return [.. snapshots];
    }

    private async Task<List<RecordedEvent>> EventsAsync(long[] sequences, CancellationToken cancellationToken)
    {
        var events = new List<RecordedEvent>(sequences.Length);
        foreach (var sequence in sequences)
        {
            var block = Index.FindEventBlock(sequence);
            if (block < 0)
            {
                throw new InvalidDataException($"No block of the events file holds event {sequence}, which a keyframe refers to.");
            }

            var blockEvents = await EventBlockAsync(block, cancellationToken).ConfigureAwait(false);
            var position = EventSequences.IndexOf(blockEvents, sequence);
            events.Add(position >= 0 ? blockEvents[position] : throw new InvalidDataException($"The block at byte offset {Index.EventBlocks[block].Offset} does not hold event {sequence}."));
        }

        return events;
    }

    private async Task<IReadOnlyList<RecordedEvent>> EventBlockAsync(int block, CancellationToken cancellationToken)
    {
        if (!_blocks.TryGetValue(block, out var events))
        {
            _blocks[block] = events = await ReadEventBlockAsync(Index.EventBlocks[block], cancellationToken).ConfigureAwait(false);
        }

        return events;
    }

    private async Task<IReadOnlyList<RecordedEvent>> ReadEventBlockAsync(BlockLocation location, CancellationToken cancellationToken)
    {
        var result = await _session.ReadBlockAsync(location, cancellationToken).ConfigureAwait(false);
        if (result.Block is { } block)
        {
            return block.Events;
        }

        throw new InvalidDataException($"The event block at byte offset {location.Offset} is damaged or not where index.json says.");
    }
}
