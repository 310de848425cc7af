namespace InterviewLM.Recording.Storage;

/// <summary>Represents a file derived from the event stream (for example <c>terminal.cast</c>), written when a session is finalized and rebuildable at any time.</summary>
public interface ISessionProjection
{
    /// <summary>Gets a short name for messages, for example <c>terminal.cast</c>.</summary>
    string Name { get; }

    /// <summary>Writes the projection into the session's directory from its events.</summary>
    /// <param name="session">The session, readable.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the projection is written.</returns>
    Task WriteAsync(SessionDirectory session, CancellationToken cancellationToken = default);
}
