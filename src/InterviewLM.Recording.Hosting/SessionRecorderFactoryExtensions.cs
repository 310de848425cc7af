namespace InterviewLM.Recording.Hosting;

/// <summary>Provides shorthands for <see cref="ISessionRecorderFactory"/>.</summary>
public static class SessionRecorderFactoryExtensions
{
    /// <summary>Creates a session in the store and starts recording it.</summary>
    /// <param name="factory">The factory.</param>
    /// <param name="sessionId">The session identifier, or <see langword="null"/> for a new one.</param>
    /// <param name="assessmentId">The assessment identifier for <c>metadata.json</c>, or <see langword="null"/>.</param>
    /// <param name="candidateId">The candidate identifier for <c>metadata.json</c>, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The running recorder; it owns the pipeline.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="factory"/> is <see langword="null"/>.</exception>
    /// <exception cref="IOException">The store holds a session with that identifier already.</exception>
    public static ValueTask<SessionRecorder> StartAsync(this ISessionRecorderFactory factory, string? sessionId, string? assessmentId = null, string? candidateId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return factory.StartAsync(new SessionStartOptions { SessionId = sessionId, AssessmentId = assessmentId, CandidateId = candidateId }, cancellationToken);
    }
}
