namespace InterviewLM.Recording.Replay;

/// <summary>Provides data for the <see cref="SessionPlayer"/> events that concern one recorded event.</summary>
/// <param name="recorded">The event.</param>
public sealed class RecordedEventArgs(RecordedEvent recorded) : EventArgs
{
    /// <summary>Gets the event.</summary>
    public RecordedEvent Recorded { get; } = recorded;
}

/// <summary>Provides data for <see cref="SessionPlayer.StateUpdated"/>: one render of the playhead.</summary>
/// <param name="position">The playhead.</param>
/// <param name="progress">The playhead as a fraction of the duration, 0 to 1.</param>
/// <param name="state">The state at the playhead; read it during the handler only.</param>
public sealed class PlayerFrameEventArgs(TimeSpan position, double progress, SessionState state) : EventArgs
{
    /// <summary>Gets the playhead.</summary>
    public TimeSpan Position { get; } = position;

    /// <summary>Gets the playhead as a fraction of the duration, from 0 to 1.</summary>
    public double Progress { get; } = progress;

    /// <summary>Gets the state at the playhead. It changes after the handler returns: read it during the handler only.</summary>
    public SessionState State { get; } = state;
}

/// <summary>Provides data for <see cref="SessionPlayer.ProblemFound"/>: an inconsistency such as a snapshot hash mismatch.</summary>
/// <param name="recorded">The event that revealed it.</param>
/// <param name="problem">The problem, one sentence.</param>
public sealed class PlayerProblemEventArgs(RecordedEvent recorded, string problem) : EventArgs
{
    /// <summary>Gets the event that revealed the problem.</summary>
    public RecordedEvent Recorded { get; } = recorded;

    /// <summary>Gets the problem, one sentence.</summary>
    public string Problem { get; } = problem;
}
