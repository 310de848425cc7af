namespace InterviewLM.Recording.Terminal;

/// <summary>Rebuilds the terminal screen of a recorded session at a moment, from its terminal events.</summary>
/// <remarks>
/// <see cref="TerminalStarted"/> creates the screen (a second one starts over), <see cref="TerminalOutput"/> is fed to it
/// and <see cref="TerminalResized"/> resizes it; every other event is ignored. Events at exactly the moment count.
/// </remarks>
public static class TerminalReplay
{
    /// <summary>Replays terminal events up to and including <paramref name="at"/>.</summary>
    /// <param name="events">The session's events in order.</param>
    /// <param name="at">The moment, from the session start; <see cref="TimeSpan.MaxValue"/> for the end.</param>
    /// <param name="cancellationToken">A token to cancel reading.</param>
    /// <returns>The terminal at that moment, or <see langword="null"/> if no terminal had started by then.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> is <see langword="null"/>.</exception>
    public static async ValueTask<VirtualTerminal?> ScreenAtAsync(IAsyncEnumerable<RecordedEvent> events, TimeSpan at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        VirtualTerminal? terminal = null;
        await foreach (var recorded in events.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (recorded.Time > at)
            {
                break;
            }

            terminal = Apply(terminal, recorded.Event);
        }

        return terminal;
    }

    /// <summary>Replays terminal events up to and including <paramref name="at"/>.</summary>
    /// <param name="events">The session's events in order.</param>
    /// <param name="at">The moment, from the session start; <see cref="TimeSpan.MaxValue"/> for the end.</param>
    /// <returns>The terminal at that moment, or <see langword="null"/> if no terminal had started by then.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> is <see langword="null"/>.</exception>
    public static VirtualTerminal? ScreenAt(IEnumerable<RecordedEvent> events, TimeSpan at)
    {
        ArgumentNullException.ThrowIfNull(events);
        VirtualTerminal? terminal = null;
        foreach (var recorded in events)
        {
            if (recorded.Time > at)
            {
                break;
            }

            terminal = Apply(terminal, recorded.Event);
        }

        return terminal;
    }

    /// <summary>Applies one event to a terminal.</summary>
    /// <param name="terminal">The terminal so far, or <see langword="null"/> before the first <see cref="TerminalStarted"/>.</param>
    /// <param name="sessionEvent">The event.</param>
    /// <returns>The terminal after the event (a new one for <see cref="TerminalStarted"/>).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sessionEvent"/> is <see langword="null"/>.</exception>
    public static VirtualTerminal? Apply(VirtualTerminal? terminal, SessionEvent sessionEvent)
    {
        ArgumentNullException.ThrowIfNull(sessionEvent);
        switch (sessionEvent)
        {
            case TerminalStarted started:
                return new VirtualTerminal(Math.Max(started.Columns, VirtualTerminal.MinimumColumns), Math.Max(started.Rows, 1));
            case TerminalOutput output:
                terminal?.Write(output.Data);
                return terminal;
            case TerminalResized resized:
                terminal?.Resize(resized.Columns, Math.Max(resized.Rows, 1));
                return terminal;
            default:
                return terminal;
        }
    }
}
