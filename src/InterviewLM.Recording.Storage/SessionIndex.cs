namespace InterviewLM.Recording.Storage;

/// <summary>Represents a session's <c>index.json</c>: seek checkpoints (the seed's shape) and the location of every block.</summary>
/// <param name="Version">The index format version.</param>
/// <param name="EventCount">The number of events the index covers.</param>
/// <param name="Checkpoints">Named moments with the byte offset of the block that holds them.</param>
/// <param name="Blocks">Every block, in order: event blocks and keyframe blocks (<see cref="BlockLocation.Kind"/>).</param>
public sealed record SessionIndex(int Version, long EventCount, IReadOnlyList<SessionCheckpoint> Checkpoints, IReadOnlyList<BlockLocation> Blocks)
{
    /// <summary>The current index format version.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Gets the length in bytes of the events file the index was built for, so a reader can tell a stale index.</summary>
    /// <value><see langword="null"/> in an index written before the field existed.</value>
    public long? EventsLength { get; init; }

    /// <summary>Returns whether the index describes an events file of this length.</summary>
    /// <param name="eventsLength">The events file's length in bytes.</param>
    /// <returns><see langword="true"/> when the index knows its events file's length and it matches.</returns>
    public bool IsCurrentFor(long eventsLength) => EventsLength == eventsLength;

    /// <summary>Finds the last block whose first event is at or before <paramref name="time"/> (binary search; a keyframe block counts at its time).</summary>
    /// <param name="time">The session time.</param>
    /// <returns>The block's position in <see cref="Blocks"/>, or -1 when there are no blocks.</returns>
    public int FindBlockAt(TimeSpan time)
    {
        int low = 0, high = Blocks.Count - 1, found = Blocks.Count > 0 ? 0 : -1;
        while (low <= high)
        {
            var mid = low + ((high - low) / 2);
            if (Blocks[mid].FirstTime <= time)
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
