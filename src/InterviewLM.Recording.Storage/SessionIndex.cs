namespace InterviewLM.Recording.Storage;

/// <summary>Represents a session's <c>index.json</c>: seek checkpoints (the seed's shape) and the location of every block.</summary>
/// <param name="Version">The index format version.</param>
/// <param name="EventCount">The number of events the index covers.</param>
/// <param name="Checkpoints">Named moments with the byte offset of the block that holds them.</param>
/// <param name="Blocks">Every block, in order.</param>
public sealed record SessionIndex(int Version, long EventCount, IReadOnlyList<SessionCheckpoint> Checkpoints, IReadOnlyList<BlockLocation> Blocks)
{
    /// <summary>The current index format version.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Finds the last block whose first event is at or before <paramref name="time"/> (binary search).</summary>
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
