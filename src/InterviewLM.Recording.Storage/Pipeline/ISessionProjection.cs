namespace InterviewLM.Recording.Storage;

/// <summary>Represents an object derived from the event stream (for example <c>terminal.cast</c>): folded from the events as they pass, written when the session completes, and rebuildable from a stored stream at any time.</summary>
/// <remarks>
/// One instance serves one session; it is called by one writer at a time. Feature packages provide projections and add
/// them to a pipeline with <see cref="SessionPipelineBuilder.UseProjection"/>; <see cref="SessionProjections.RebuildAsync"/>
/// folds a stored session's events into them instead.
/// </remarks>
public interface ISessionProjection
{
    /// <summary>Gets a short name for messages, for example <c>terminal.cast</c>.</summary>
    string Name { get; }

    /// <summary>Folds one event.</summary>
    /// <param name="recorded">The event; events arrive in stream order.</param>
    void Apply(RecordedEvent recorded);

    /// <summary>Writes the projection's objects from the events folded so far.</summary>
    /// <param name="session">The session's objects to write into (each object replaced atomically).</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the objects are written.</returns>
    ValueTask WriteAsync(ISessionObjects session, CancellationToken cancellationToken = default);
}
