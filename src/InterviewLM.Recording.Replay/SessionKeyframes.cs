using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Replay;

/// <summary>Places and loads a session's keyframes: blocks of their own in the events object, listed in <c>index.json</c>.</summary>
/// <remarks>
/// <para>
/// While recording, add <see cref="KeyframesSessionPipelineBuilderExtensions.UseKeyframes"/> to the pipeline: the session
/// fold runs beside the writer and a keyframe block follows every block in which the <see cref="KeyframePolicy"/> wants
/// one. A session recorded without them gets them only by an explicit rewrite (<c>ilmrec convert</c>); reading a session
/// never writes it, and a session without keyframes is sought by folding from its start. <see cref="LoadAsync"/> loads a
/// whole session with keyframes placed in memory instead.
/// </para>
/// <para>A keyframe's bytes are the fold's state (<c>SessionState</c>): changed files by the full-content snapshot events they equal, as character changes, or in full; references for the rest; the terminal screen; and the sequence numbers of the Claude interactions and markers so far.</para>
/// </remarks>
public static class SessionKeyframes
{
    /// <summary>Creates the session fold that places keyframes for a writer (what <see cref="KeyframesSessionPipelineBuilderExtensions.UseKeyframes"/> adds).</summary>
    /// <param name="policy">The placement policy, or <see langword="null"/> for <see cref="KeyframePolicy.Default"/>.</param>
    /// <returns>A new builder, for one stream.</returns>
    public static IKeyframeBuilder CreateBuilder(KeyframePolicy? policy = null) => new KeyframeBuilder(policy ?? KeyframePolicy.Default);

    /// <summary>Reads a stored session's seek index: <c>index.json</c> when it describes the events as they are, otherwise one built from the events in memory. Nothing is written.</summary>
    /// <param name="session">The session.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The seek index (without keyframes when the session has none).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="session"/> is <see langword="null"/>.</exception>
    public static async Task<SessionSeekIndex> LoadIndexAsync(StoredSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        return new SessionSeekIndex(await session.ReadCurrentIndexAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Loads a whole stored session into memory for playback and repeated seeks, with keyframes placed densely in memory.</summary>
    /// <param name="session">The session.</param>
    /// <param name="policy">Where to place the in-memory keyframes, or <see langword="null"/> for <see cref="KeyframePolicy.InMemory"/>.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The timeline.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="session"/> is <see langword="null"/>.</exception>
    /// <remarks>
    /// A player needs every event anyway; folding them once more while loading (about 10 ms for an hour of typing)
    /// places keyframes far denser than the stored ones, which are placed for the archive's size (and serve
    /// <see cref="StoredSessionSeeker"/>), so every later seek applies only a few thousand events. Damaged blocks are skipped.
    /// </remarks>
    public static async Task<SessionTimeline> LoadAsync(StoredSession session, KeyframePolicy? policy = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var events = new List<RecordedEvent>();
        await foreach (var recorded in session.ReadEventsAsync(cancellationToken).ConfigureAwait(false))
        {
            events.Add(recorded);
        }

        return SessionTimeline.Build(events, policy ?? KeyframePolicy.InMemory);
    }
}
