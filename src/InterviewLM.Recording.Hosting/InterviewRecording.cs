using InterviewLM.Recording.Claude;
using InterviewLM.Recording.Diff;
using InterviewLM.Recording.Replay;
using InterviewLM.Recording.Storage;
using InterviewLM.Recording.Terminal;

namespace InterviewLM.Recording;

/// <summary>Provides the complete default recording pipeline: the session <c>ilmrec</c> writes.</summary>
public static class InterviewRecording
{
    /// <summary>Creates a pipeline with the default layers, outermost first: <c>files/</c> (Diff), <c>claude_interactions.jsonl</c> (Claude), <c>terminal.cast</c> (Terminal) and keyframes (Replay), over the storage sink.</summary>
    /// <returns>A new builder; add layers that change events (redaction) with <see cref="UseDefaults"/> on a builder of your own instead, after them.</returns>
    public static SessionPipelineBuilder CreatePipeline() => new SessionPipelineBuilder().UseDefaults();

    /// <summary>Adds the default layers to a pipeline: <c>files/</c>, <c>claude_interactions.jsonl</c>, <c>terminal.cast</c> and keyframes, in that order.</summary>
    /// <param name="builder">The pipeline; layers added before this call see events before the projections do.</param>
    /// <returns>The pipeline.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static SessionPipelineBuilder UseDefaults(this SessionPipelineBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseCodeFiles().UseClaudeInteractions().UseTerminalCast().UseKeyframes();
    }

    /// <summary>Creates a session in <paramref name="store"/> and starts recording it through the default pipeline.</summary>
    /// <param name="store">The store.</param>
    /// <param name="recorder">The recorder's settings, or <see langword="null"/> for the defaults (a new session identifier among them).</param>
    /// <param name="storage">The storage settings (codec, metadata facts), or <see langword="null"/> for the defaults (gzip JSONL).</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The running recorder; it owns the pipeline.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> is <see langword="null"/>.</exception>
    /// <exception cref="IOException">The store holds a session with that identifier already.</exception>
    public static ValueTask<SessionRecorder> StartAsync(ISessionStore store, SessionRecorderOptions? recorder = null, SessionStorageOptions? storage = null, CancellationToken cancellationToken = default) =>
        CreatePipeline().StartAsync(store, recorder, storage, cancellationToken);
}
