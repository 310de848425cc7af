namespace InterviewLM.Recording.Replay;

/// <summary>Decides where keyframes go: by session time and by the work since the last one, so a restore applies a bounded number of events.</summary>
public sealed record KeyframePolicy
{
    /// <summary>Gets the default policy, for keyframes stored in the events file: at most 3 min of session time, 10,000 events or 128 Ki of work between keyframes.</summary>
    /// <remarks>
    /// Chosen with <c>SeekLatencyBenchmarks</c> and <c>SeekBenchmarks</c> on an hour of recorded typing and terminal
    /// (280,000 events): a seek applies at most 20,000 events after a keyframe (a due keyframe may wait as long again for
    /// the files' full-content snapshots, so that it names them instead of storing the files), and a keyframe is then
    /// mostly its terminal screen (0.3–1 KB compressed): 27 keyframes add about 9% to the archive, where 8,000 events and
    /// 2 min gave 33 and about 10%.
    /// </remarks>
    public static KeyframePolicy Default { get; } = new();

    /// <summary>Gets the policy for keyframes held in memory (a loaded session's timeline): at most 30 s, 2,000 events or 32 Ki of work between keyframes.</summary>
    /// <remarks>They cost memory, not storage: an hour of typing and terminal gets about 150 (0.6 MB) in about 0.4 s of loading, and a seek then applies at most 4,000 events.</remarks>
    public static KeyframePolicy InMemory { get; } = new() { Interval = TimeSpan.FromSeconds(30), MaxEvents = 2_000, MaxWork = 32 * 1024 };

    /// <summary>Gets the most session time between keyframes.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Gets the most events between keyframes (the bound on events applied after a restore).</summary>
    public int MaxEvents { get; init; } = 10_000;

    /// <summary>Gets the most work (see <see cref="WorkOf"/>) between keyframes.</summary>
    public long MaxWork { get; init; } = 128 * 1024;

    /// <summary>Returns whether a keyframe belongs after the current event.</summary>
    /// <param name="sinceLast">The session time since the last keyframe (or the start).</param>
    /// <param name="eventsSinceLast">The events folded since the last keyframe.</param>
    /// <param name="workSinceLast">The payload folded since the last keyframe.</param>
    /// <returns><see langword="true"/> to place a keyframe now.</returns>
    public bool ShouldPlace(TimeSpan sinceLast, long eventsSinceLast, long workSinceLast) =>
        eventsSinceLast > 0 && (sinceLast >= Interval || eventsSinceLast >= MaxEvents || workSinceLast >= MaxWork);

    /// <summary>Estimates the work of folding one event: its payload size, where folding it costs in proportion to it.</summary>
    /// <remarks>A full-content snapshot counts a sixteenth of its length: folding it compares it with the document (its hash is checked once per event and remembered), which costs far less per character than terminal output or inserted text.</remarks>
    /// <param name="value">The event.</param>
    /// <returns>The work, at least 1.</returns>
    public static long WorkOf(SessionEvent value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return 1 + value switch
        {
            TextEdited e => e.Changes.Items.Sum(static c => (long)c.Text.Length),
            TerminalOutput e => e.Data.Length,
            CodeSnapshot e => ((e.FullContent?.Length ?? 0) / 16) + e.Diff.Items.Sum(static d => d.Lines.Items.Sum(static l => (long)l.Length)),
            FileCreated e => e.InitialContent.Length,
            ClaudeInteraction e => e.Prompt.Length + e.Response.Length,
            _ => 0,
        };
    }
}
