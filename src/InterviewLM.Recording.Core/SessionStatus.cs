namespace InterviewLM.Recording;

/// <summary>Identifies the lifecycle state of a stored session.</summary>
public enum SessionStatus
{
    /// <summary>Recording, or stopped without being finalized (a crash).</summary>
    Active = 0,

    /// <summary>Finalized: the stream ends with <see cref="SessionEnded"/> and the projections are written.</summary>
    Completed = 1,

    /// <summary>Stopped by the host without completion.</summary>
    Abandoned = 2,
}
