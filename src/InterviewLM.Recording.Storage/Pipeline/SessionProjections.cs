namespace InterviewLM.Recording.Storage;

/// <summary>Rebuilds projections from a stored session's events (for a session recorded without them, or after a projection's format changed).</summary>
public static class SessionProjections
{
    /// <summary>Folds a stored session's events into projections, in one read of the events object, and writes them.</summary>
    /// <param name="session">The session to read.</param>
    /// <param name="target">Where to write the projections (usually the same session's objects).</param>
    /// <param name="projections">New projections, one of each.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when every projection is written.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <remarks>Damaged blocks are skipped, as every reader skips them; <c>ilmrec verify</c> reports them.</remarks>
    public static async Task RebuildAsync(StoredSession session, ISessionObjects target, IReadOnlyList<ISessionProjection> projections, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(projections);
        await foreach (var recorded in session.ReadEventsAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (var projection in projections)
            {
                projection.Apply(recorded);
            }
        }

        foreach (var projection in projections)
        {
            await projection.WriteAsync(target, cancellationToken).ConfigureAwait(false);
        }
    }
}
