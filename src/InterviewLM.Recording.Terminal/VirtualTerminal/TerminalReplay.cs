namespace InterviewLM.Recording.Terminal;

/// <summary>Rebuilds the terminal screen of a recorded session at a moment, from its terminal events.</summary>
/// <remarks>
/// <see cref="TerminalStarted"/> creates the screen (a second one starts over), <see cref="TerminalOutput"/> is fed to it
/// and <see cref="TerminalResized"/> resizes it; every other event is ignored. A terminal event with no
/// <see cref="TerminalStarted"/> before it creates a <see cref="DefaultColumns"/>×<see cref="DefaultRows"/> screen first
/// (as the asciicast export does), so output is never dropped for want of a start. Events at exactly the moment count.
/// </remarks>
public static class TerminalReplay
{
    /// <summary>Gets the width of the screen that terminal events with no <see cref="TerminalStarted"/> before them are shown on.</summary>
    public const int DefaultColumns = 80;

    /// <summary>Gets the height of the screen that terminal events with no <see cref="TerminalStarted"/> before them are shown on.</summary>
    public const int DefaultRows = 24;

    /// <summary>Replays terminal events up to and including <paramref name="at"/>.</summary>
    /// <param name="events">The session's events in order.</param>
    /// <param name="at">The moment, from the session start; <see cref="TimeSpan.MaxValue"/> for the end.</param>
    /// <param name="cancellationToken">A token to cancel reading.</param>
    /// <returns>The terminal at that moment, or <see langword="null"/> if there was no terminal event by then.</returns>
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
    /// <returns>The terminal at that moment, or <see langword="null"/> if there was no terminal event by then.</returns>
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

    /// <summary>Creates the blank screen a terminal starts on.</summary>
    /// <param name="started">The terminal's start, or <see langword="null"/> for the <see cref="DefaultColumns"/>×<see cref="DefaultRows"/> screen of a terminal event with no start before it.</param>
    /// <returns>A new terminal of the start's size (at least <see cref="VirtualTerminal.MinimumColumns"/> by 1).</returns>
    public static VirtualTerminal CreateScreen(TerminalStarted? started) => started is null
        ? new VirtualTerminal(DefaultColumns, DefaultRows)
        : new VirtualTerminal(Math.Max(started.Columns, VirtualTerminal.MinimumColumns), Math.Max(started.Rows, 1));

    /// <summary>Applies one event to a terminal.</summary>
    /// <param name="terminal">The terminal so far, or <see langword="null"/> before the first terminal event.</param>
    /// <param name="sessionEvent">The event.</param>
    /// <returns>The terminal after the event: a new one for <see cref="TerminalStarted"/>, and a new default-sized one for any other terminal event when <paramref name="terminal"/> is <see langword="null"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sessionEvent"/> is <see langword="null"/>.</exception>
    public static VirtualTerminal? Apply(VirtualTerminal? terminal, SessionEvent sessionEvent)
    {
        ArgumentNullException.ThrowIfNull(sessionEvent);
        switch (sessionEvent)
        {
            case TerminalStarted started:
                return CreateScreen(started);
            case TerminalOutput output:
                terminal ??= CreateScreen(null);
                terminal.Write(output.Data);
                return terminal;
            case TerminalResized resized:
                terminal ??= CreateScreen(null);
                terminal.Resize(resized.Columns, Math.Max(resized.Rows, 1));
                return terminal;
            case TerminalInput or TerminalExited:
                return terminal ?? CreateScreen(null);
            default:
                return terminal;
        }
    }
}
