namespace InterviewLM.Recording.Replay;

/// <summary>Represents where one keyframe is stored and which moment of the fold it captures.</summary>
/// <param name="Number">The keyframe's number, from zero, in time order.</param>
/// <param name="Time">The time of the last event folded into it.</param>
/// <param name="EventIndex">The number of events folded into it: restoring it and applying events from this position gives later states.</param>
/// <param name="Offset">The byte offset of the keyframe block in the events file (0 for a keyframe held in memory).</param>
/// <param name="Length">The block's length in bytes.</param>
public readonly record struct KeyframeLocation(int Number, TimeSpan Time, long EventIndex, long Offset, long Length)
{
    /// <summary>Gets the sequence number of the first event after the keyframe: the events to apply after restoring it start there.</summary>
    /// <remarks>A keyframe block follows the block of events that holds the last event folded into it, so the events after it may start inside that block.</remarks>
    public long NextSequence { get; init; }
}
