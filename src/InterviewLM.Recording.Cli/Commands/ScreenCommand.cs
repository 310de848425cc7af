using System.CommandLine;
using System.Globalization;
using InterviewLM.Recording.Storage;
using InterviewLM.Recording.Terminal;

namespace InterviewLM.Recording.Cli.Commands;

/// <summary><c>ilmrec screen DIR|CAST [--at T] [--json]</c>: the terminal screen at a moment, rebuilt by the virtual terminal.</summary>
internal static class ScreenCommand
{
    public static Command Create()
    {
        var source = new Argument<string>("SOURCE") { Description = "A session directory or session ZIP, or an asciicast file (v1, v2 or v3)." };
        var at = new Option<string?>("--at") { Description = "The moment: seconds from the session's start (a cast's start; e.g. 12.5), [hh:]mm:ss[.fff] or end. Default: the end." };
        var json = new Option<bool>("--json") { Description = "Print {cols, rows, cursor:[x,y], alt, lines:[...]} (the shape ../shared/peers/vt.mjs prints)." };
        var command = new Command("screen", "Prints the terminal screen at a moment of a session or an asciicast.") { source, at, json };
        command.SetHandler(async (parseResult, cancellationToken) =>
        {
            var path = parseResult.GetValue(source)!;
            var moment = ParseMoment(parseResult.GetValue(at));
            var terminal = await RenderAsync(path, moment, cancellationToken).ConfigureAwait(false);
            var screen = terminal.GetScreenText();
            if (parseResult.GetValue(json))
            {
                Console.Out.WriteLine(screen.ToJson());
                return 0;
            }

            var width = screen.Columns;
            Console.Out.WriteLine($"{screen.Columns}x{screen.Rows}, cursor {screen.CursorX},{screen.CursorY}, {(screen.IsAlternateScreen ? "alternate" : "normal")} screen" +
                                  (terminal.Title.Length > 0 ? $", title \"{terminal.Title}\"" : string.Empty));
            Console.Out.WriteLine("┌" + new string('─', width) + "┐");
            for (var y = 0; y < screen.Rows; y++)
            {
                // Wide characters take two cells: pad by cells, not by characters.
                Console.Out.WriteLine("│" + screen.Lines[y] + new string(' ', Math.Max(0, width - UsedCells(terminal, y))) + "│");
            }

            Console.Out.WriteLine("└" + new string('─', width) + "┘");
            return 0;
        });
        return command;
    }

    internal static TimeSpan ParseMoment(string? text) =>
        string.IsNullOrWhiteSpace(text) ? TimeSpan.MaxValue : SessionTime.Parse(text, "--at");

    /// <summary>Rebuilds the screen of a session (directory or ZIP) or an asciicast at a moment: what <c>ilmrec screen</c> prints.</summary>
    /// <remarks>
    /// The moment is session time, and a session's cast is timed from the session's start, so a session and its export show
    /// the same screen at every moment. Before its first terminal event a session shows what its cast shows there: the blank
    /// screen its terminal starts on (80×24 when the first terminal event is not a <see cref="TerminalStarted"/>).
    /// </remarks>
    /// <param name="path">The session or asciicast.</param>
    /// <param name="moment">The moment; <see cref="TimeSpan.MaxValue"/> for the end.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The terminal at that moment.</returns>
    /// <exception cref="InvalidOperationException">The session has no terminal events.</exception>
    /// <exception cref="FileNotFoundException">Nothing is at <paramref name="path"/>.</exception>
    internal static async Task<VirtualTerminal> RenderAsync(string path, TimeSpan moment, CancellationToken cancellationToken)
    {
        if (CliStore.IsSession(path))
        {
            var session = await CliStore.OpenAsync(path, cancellationToken).ConfigureAwait(false);
            return (await CodeState.StatesAtAsync(session, [moment], cancellationToken).ConfigureAwait(false))[0].Terminal
                ?? await FirstScreenAsync(session, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"The session {path} has no terminal events.");
        }

        if (File.Exists(path))
        {
            return CastScreen(path, moment.TotalSeconds);
        }

        throw new FileNotFoundException($"No session directory, session ZIP or asciicast file at {path}.");
    }

    /// <summary>The blank screen the session's terminal starts on, or <see langword="null"/> when it has no terminal events.</summary>
    /// <remarks>Read only when the moment is before the first terminal event, so it reads only up to that event.</remarks>
    private static async Task<VirtualTerminal?> FirstScreenAsync(StoredSession session, CancellationToken cancellationToken)
    {
        await foreach (var recorded in session.ReadEventsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (recorded.Event.Channel == EventChannel.Terminal)
            {
                return TerminalReplay.CreateScreen(recorded.Event as TerminalStarted);
            }
        }

        return null;
    }

    /// <summary>Replays an asciicast's output and resize events up to <paramref name="until"/> seconds, as vt.mjs does.</summary>
    internal static VirtualTerminal CastScreen(string path, double until)
    {
        using var reader = AsciicastReader.Open(path);
        var terminal = new VirtualTerminal(Math.Max(reader.Header.Columns, VirtualTerminal.MinimumColumns), Math.Max(reader.Header.Rows, 1));
        foreach (var e in reader.ReadEvents())
        {
            if (e.Time.TotalSeconds > until)
            {
                break;
            }

            if (e.Code == AsciicastEventCodes.Output)
            {
                terminal.Write(e.Data);
            }
            else if (e.TryGetSize(out var columns, out var rows))
            {
                terminal.Resize(columns, Math.Max(rows, 1));
            }
        }

        return terminal;
    }

    /// <summary>The cells the right-trimmed line covers: up to the end of its last non-empty cell.</summary>
    private static int UsedCells(VirtualTerminal terminal, int row)
    {
        for (var x = terminal.Columns - 1; x >= 0; x--)
        {
            var cell = terminal.GetCell(x, row);
            if (cell.Text.Length > 0)
            {
                return x + Math.Max(cell.Width, 1);
            }
        }

        return 0;
    }
}
