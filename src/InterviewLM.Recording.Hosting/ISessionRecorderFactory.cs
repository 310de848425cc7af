using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Hosting;

/// <summary>Represents the host's recording service: it starts each session's recorder on the configured pipeline and store.</summary>
/// <remarks>
/// Registered as a singleton by <c>AddInterviewRecording</c>; safe for concurrent use (a host records many sessions at once).
/// Each recorder it returns owns its session's pipeline: complete it (<see cref="SessionRecorder.CompleteAsync"/>) and dispose it.
/// </remarks>
public interface ISessionRecorderFactory
{
    /// <summary>Gets the store sessions are created in (to read them back, list or delete them).</summary>
    ISessionStore Store { get; }

    /// <summary>Creates a session in the store and starts recording it.</summary>
    /// <param name="session">The session's identifier and metadata facts.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The running recorder; it owns the pipeline.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="session"/> is <see langword="null"/>.</exception>
    /// <exception cref="IOException">The store holds a session with that identifier already.</exception>
    ValueTask<SessionRecorder> StartAsync(SessionStartOptions session, CancellationToken cancellationToken = default);
}
