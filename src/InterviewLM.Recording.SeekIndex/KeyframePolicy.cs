namespace InterviewLM.Recording.SeekIndex;

/// <summary>Decides where keyframes go: by session time and by the work since the last one, so a restore applies a bounded number of events.</summary>
public sealed record KeyframePolicy
{
    /// <summary>Gets the default policy: at most 2 min of session time, 8,000 events or 16 Ki characters of event payload between keyframes.</summary>
    public static KeyframePolicy Default { get; } = new();

    /// <summary>Gets the most session time between keyframes.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Gets the most events between keyframes (the bound on events applied after a restore).</summary>
    public int MaxEvents { get; init; } = 8_000;

    /// <summary>Gets the most payload (characters of edits, output and transcript) between keyframes.</summary>
    public long MaxWork { get; init; } = 16 * 1024;

    /// <summary>Returns whether a keyframe belongs after the current event.</summary>
    /// <param name="sinceLast">The session time since the last keyframe (or the start).</param>
    /// <param name="eventsSinceLast">The events folded since the last keyframe.</param>
    /// <param name="workSinceLast">The payload folded since the last keyframe.</param>
    /// <returns><see langword="true"/> to place a keyframe now.</returns>
    public bool ShouldPlace(TimeSpan sinceLast, long eventsSinceLast, long workSinceLast) =>
        eventsSinceLast > 0 && (sinceLast >= Interval || eventsSinceLast >= MaxEvents || workSinceLast >= MaxWork);

    /// <summary>Estimates the work of folding one event: its payload size.</summary>
    /// <param name="value">The event.</param>
    /// <returns>The work, at least 1.</returns>
    public static long WorkOf(SessionEvent value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return 1 + value switch
        {
            TextEdited e => e.Changes.Items.Sum(static c => (long)c.Text.Length),
            TerminalOutput e => e.Data.Length,
            CodeSnapshot e => (e.FullContent?.Length ?? 0) + e.Diff.Items.Sum(static d => d.Lines.Items.Sum(static l => (long)l.Length)),
            FileCreated e => e.InitialContent.Length,
            ClaudeInteraction e => e.Prompt.Length + e.Response.Length,
            _ => 0,
        };
    }
}
