using InterviewLM.Recording.SeekIndex;
using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Replay;

/// <summary>Places, stores and loads a session's keyframes: blocks of their own in the events file, listed in <c>index.json</c>.</summary>
/// <remarks>
/// <para>
/// While recording, set <see cref="SessionDirectoryOptions.Keyframes"/> to <see cref="CreateBuilder"/>: the session fold
/// runs beside the writer and a keyframe block follows every event after which the <see cref="KeyframePolicy"/> wants
/// one. A session recorded without them gets them from <see cref="AddAsync"/> (the events file is rewritten in its codec),
/// which <see cref="LoadIndexAsync"/> (and so <see cref="StoredSessionSeeker"/>) does on first use where the session is
/// completed and the directory writable; a session still being recorded is never rewritten. <see cref="LoadAsync"/> loads a whole session with keyframes placed in memory instead.
/// </para>
/// <para>A keyframe's bytes are the fold's state (<c>SessionState</c>): changed files by the full-content snapshot events they equal, as character changes, or in full; references for the rest; the terminal screen; and the sequence numbers of the Claude interactions and markers so far.</para>
/// </remarks>
public static class SessionKeyframes
{
    /// <summary>Creates the session fold that places keyframes for a writer (<see cref="SessionDirectoryOptions.Keyframes"/>).</summary>
    /// <param name="policy">The placement policy, or <see langword="null"/> for <see cref="KeyframePolicy.Default"/>.</param>
    /// <returns>A new builder, for one stream.</returns>
    public static IKeyframeBuilder CreateBuilder(KeyframePolicy? policy = null) => new KeyframeBuilder(policy ?? KeyframePolicy.Default);

    /// <summary>Rewrites a stored session's events file with keyframe blocks (replacing any it held) and its <c>index.json</c>.</summary>
    /// <param name="session">The session.</param>
    /// <param name="policy">The placement policy, or <see langword="null"/> for <see cref="KeyframePolicy.Default"/>.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The new seek index.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="session"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidDataException">The events file is damaged (it is left as it is).</exception>
    public static async Task<SessionSeekIndex> AddAsync(SessionDirectory session, KeyframePolicy? policy = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        return new SessionSeekIndex(await session.AddKeyframesAsync(CreateBuilder(policy), cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Reads a stored session's seek index, rebuilding <c>index.json</c> when it is missing or stale and adding keyframes when a completed session has none.</summary>
    /// <param name="session">The session.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The seek index; <see langword="null"/> when the session has events but no keyframes and none can be added (a read-only or damaged session).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="session"/> is <see langword="null"/>.</exception>
    public static async Task<SessionSeekIndex?> LoadIndexAsync(SessionDirectory session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        try
        {
            var index = session.TryReadIndex();
            if (index is null || !index.IsCurrentFor(new FileInfo(session.EventsPath).Length))
            {
                index = await session.RebuildIndexAsync(cancellationToken).ConfigureAwait(false);
            }

            // Only a finished session is rewritten: a writer still appending to the events file would lose what it writes
            // after the file is replaced. An active one is sought by folding from the start.
            if (index.EventCount > 0 && session.Metadata?.Status == SessionStatus.Completed && !index.Blocks.Any(static b => b.Kind == BlockKind.Keyframe))
            {
                index = await session.AddKeyframesAsync(CreateBuilder(), cancellationToken).ConfigureAwait(false);
            }

            return new SessionSeekIndex(index);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return null;
        }
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
    public static async Task<SessionTimeline> LoadAsync(SessionDirectory session, KeyframePolicy? policy = null, CancellationToken cancellationToken = default)
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
