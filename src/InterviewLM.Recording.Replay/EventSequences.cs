namespace InterviewLM.Recording.Replay;

/// <summary>Finds events by sequence number in lists held in sequence order.</summary>
internal static class EventSequences
{
    /// <summary>Gets the position of the event with a sequence number, or -1.</summary>
    /// <remarks>Recorders number events 0, 1, 2…, so the position is usually the sequence number itself; otherwise a binary search.</remarks>
    public static int IndexOf(IReadOnlyList<RecordedEvent> events, long sequence)
    {
        if (sequence >= 0 && sequence < events.Count && events[(int)sequence].Sequence == sequence)
        {
            return (int)sequence;
        }

        int low = 0, high = events.Count - 1;
        while (low <= high)
        {
            var mid = low + ((high - low) / 2);
            var found = events[mid].Sequence;
            if (found == sequence)
            {
                return mid;
            }

            (low, high) = found < sequence ? (mid + 1, high) : (low, mid - 1);
        }

        return -1;
    }
}
