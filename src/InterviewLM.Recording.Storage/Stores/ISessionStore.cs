namespace InterviewLM.Recording.Storage;

/// <summary>Represents where sessions are stored: create, open, list and delete them.</summary>
/// <remarks>Implementations are safe for concurrent use.</remarks>
public interface ISessionStore
{
    /// <summary>Creates a new, empty session.</summary>
    /// <param name="sessionId">The session's identifier (letters, digits, <c>-</c>, <c>_</c> and <c>.</c>).</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The session's objects, to record into.</returns>
    /// <exception cref="ArgumentException"><paramref name="sessionId"/> is not a valid identifier.</exception>
    /// <exception cref="IOException">A session with that identifier exists already.</exception>
    ValueTask<ISessionObjects> CreateAsync(string sessionId, CancellationToken cancellationToken = default);

    /// <summary>Opens a stored session.</summary>
    /// <param name="sessionId">The session's identifier.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The session's objects (an <see cref="ISessionObjects"/> when the store can be written).</returns>
    /// <exception cref="DirectoryNotFoundException">The store holds no such session.</exception>
    ValueTask<IReadOnlySessionObjects> OpenAsync(string sessionId, CancellationToken cancellationToken = default);

    /// <summary>Lists the stored sessions.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The identifiers, in ordinal order.</returns>
    IAsyncEnumerable<string> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes a session and every object of it.</summary>
    /// <param name="sessionId">The session's identifier.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns><see langword="true"/> when the session existed.</returns>
    /// <exception cref="NotSupportedException">The store is read only.</exception>
    ValueTask<bool> DeleteAsync(string sessionId, CancellationToken cancellationToken = default);
}
