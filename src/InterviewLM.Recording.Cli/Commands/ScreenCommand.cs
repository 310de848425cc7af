using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using InterviewLM.Recording.Storage;
using InterviewLM.Recording.Terminal;

namespace InterviewLM.Recording.Cli.Commands;

/// <summary><c>ilmrec screen DIR|CAST [--at T] [--json]</c>: the terminal screen at a moment, rebuilt by the virtual terminal.</summary>
internal static class ScreenCommand
{
    public static Command Create()
    {
        var source = new Argument<string>("SOURCE") { Description = "A session directory, or an asciicast file (v1, v2 or v3)." };
        var at = new Option<string?>("--at") { Description = "The moment: seconds from the start (e.g. 12.5) or [hh:]mm:ss[.fff]. Default: the end." };
        var json = new Option<bool>("--json") { Description = "Print {cols, rows, cursor:[x,y], alt, lines:[...]} (the shape ../shared/peers/vt.mjs prints)." };
        var command = new Command("screen", "Prints the terminal screen at a moment of a session or an asciicast.") { source, at, json };
        command.SetHandler(async (parseResult, cancellationToken) =>
        {
            var path = parseResult.GetValue(source)!;
            var moment = ParseMoment(parseResult.GetValue(at));
            VirtualTerminal? terminal;
            if (Directory.Exists(path))
            {
                var session = SessionDirectory.Open(path, CliCodecs.All);
                terminal = (await Replay.SessionKeyframes.LoadAsync(session, cancellationToken).ConfigureAwait(false)).StateAt(moment).Terminal
                    ?? throw new InvalidOperationException($"The session {path} has no terminal before {moment}.");
            }
            else if (File.Exists(path))
            {
                terminal = CastScreen(path, moment.TotalSeconds);
            }
            else
            {
                throw new FileNotFoundException($"No session directory or asciicast file at {path}.");
            }

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
            foreach (var line in screen.Lines)
            {
                // Wide characters take two cells: pad by cells, not by characters.
                Console.Out.WriteLine("│" + line + new string(' ', Math.Max(0, width - CellWidth(line))) + "│");
            }

            Console.Out.WriteLine("└" + new string('─', width) + "┘");
            return 0;
        });
        return command;
    }

    internal static TimeSpan ParseMoment(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return TimeSpan.MaxValue;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        var formats = new[] { @"m\:ss", @"m\:ss\.FFFFFFF", @"h\:mm\:ss", @"h\:mm\:ss\.FFFFFFF" };
        if (TimeSpan.TryParseExact(text, formats, CultureInfo.InvariantCulture, out var span) && span >= TimeSpan.Zero)
        {
            return span;
        }

        throw new FormatException($"--at {text}: expected seconds (12.5) or [hh:]mm:ss[.fff].");
    }

    /// <summary>Replays an asciicast's output and resize events up to <paramref name="until"/> seconds, as vt.mjs does.</summary>
    /// <remarks>A minimal reader; the package's asciicast reader replaces it once it lands.</remarks>
    internal static VirtualTerminal CastScreen(string path, double until)
    {
        var text = File.ReadAllText(path);
        try
        {
            if (text.TrimStart().StartsWith('{') && !text.Contains("\n{", StringComparison.Ordinal) && path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                using var doc = JsonDocument.Parse(text);
                var root = doc.RootElement;
                var v1 = new VirtualTerminal(root.GetProperty("width").GetInt32(), root.GetProperty("height").GetInt32());
                double t = 0;
                foreach (var item in root.GetProperty("stdout").EnumerateArray())
                {
                    t += item[0].GetDouble();
                    if (t > until)
                    {
                        break;
                    }

                    v1.Write(item[1].GetString() ?? string.Empty);
                }

                return v1;
            }

            var lines = text.Split('\n').Where(l => l.Trim().Length > 0 && !l.StartsWith('#')).ToList();
            if (lines.Count == 0)
            {
                throw new FormatException($"{path} is empty.");
            }

            using var header = JsonDocument.Parse(lines[0]);
            var h = header.RootElement;
            var v3 = h.GetProperty("version").GetInt32() == 3;
            var terminal = v3
                ? new VirtualTerminal(h.GetProperty("term").GetProperty("cols").GetInt32(), h.GetProperty("term").GetProperty("rows").GetInt32())
                : new VirtualTerminal(h.GetProperty("width").GetInt32(), h.GetProperty("height").GetInt32());
            double time = 0;
            for (var i = 1; i < lines.Count; i++)
            {
                using var e = JsonDocument.Parse(lines[i]);
                var x = e.RootElement[0].GetDouble();
                time = v3 ? time + x : x;
                if (time > until)
                {
                    break;
                }

                var code = e.RootElement[1].GetString();
                var data = e.RootElement[2].GetString() ?? string.Empty;
                if (code == "o")
                {
                    terminal.Write(data);
                }
                else if (code == "r")
                {
                    var size = data.Split('x');
                    terminal.Resize(int.Parse(size[0], CultureInfo.InvariantCulture), int.Parse(size[1], CultureInfo.InvariantCulture));
                }
            }

            return terminal;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException)
        {
            throw new FormatException($"{path} is not a valid asciicast: {e.Message}", e);
        }
    }

    private static int CellWidth(string line)
    {
        var probe = new VirtualTerminal(VirtualTerminal.MaximumSize, 1);
        probe.Write(line);
        return probe.CursorX;
    }
}
