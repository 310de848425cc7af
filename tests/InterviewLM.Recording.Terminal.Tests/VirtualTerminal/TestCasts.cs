using System.Globalization;
using System.Text.Json;

namespace InterviewLM.Recording.Terminal.Tests;

/// <summary>A test-only asciicast loader (v1 JSON, v2 and v3 lines) that reads output and resize events exactly as vt.mjs does.</summary>
/// <remarks>
/// Kept next to the package's AsciicastReader on purpose: the differential tests pick moments between events, and this
/// loader accumulates v1/v3 intervals in the same double arithmetic as the oracle, so both sides cut at the same event.
/// </remarks>
internal static class TestCasts
{
    public sealed record CastEvent(double Time, string Code, string Data);

    public sealed record Cast(int Columns, int Rows, IReadOnlyList<CastEvent> Events)
    {
        public double Duration => Events.Count == 0 ? 0 : Events[^1].Time;

        public long OutputBytes => Events.Where(e => e.Code == "o").Sum(e => (long)System.Text.Encoding.UTF8.GetByteCount(e.Data));
    }

    /// <summary>
    /// The input on which narrowing the terminal once threw: a wrapped group of lines with no content at all, reflowed
    /// to fewer columns (found by VirtualTerminalSnapshotTests' resize property in CI). 20×8, then 19×3, then 11×12.
    /// </summary>
    public static Cast NarrowingPastAnEmptyWrappedGroup { get; } = new(20, 8,
    [
        new(0.5, "o", "\u001b[1J\u001b[3A\u001b8\u001bc\u001bH😀\u001b[38:2::10:20:30m\u001b[2E\u001b[H😀\u001b]0;title\u0007\n\u001b[3;10r\u001b[7G\u001b[?7h\n\u001b7\u001b[J\u001b[38;5;200m\u001b[5X\u001b[5;10H\u001b[?1049h\u001b[?47h\u001b[T\u001b[?47l\u001b[2K\u001b#8\u001b[?45h\u001bD\u001b(B\u001b[3A\u001b[7G"),
        new(1.0, "r", "19x3"),
        new(1.5, "o", "\u001b[?7l\u001b[48;2;1;2;3m\u001b[2I\u001b[?7h😀\u001b[1K\u001b[2S\u001b[7;3;9m"),
        new(2.0, "r", "11x12"),
        new(2.5, "o", "x\u001b[5;10H\u001b(0\u001b[5X\u001b[?7l\u001b[10C\u001b[4h0123456789abcdefghij日本語\u001bP1$q\u001bP1$q\n\u001b[2Ehello\u001bH\u001b]2;part\u001b[?6hx\u001b[4l\u001b[\u001b]2;part\u001bD\u001b[?6h日本語\u001b7\u009b2Jx \b\u001b[4l\n\u001b[7G\u001b[?1049h\u001b[?47h\u000f"),
    ]);

    /// <summary>Writes <paramref name="cast"/> as an asciicast v2 file.</summary>
    public static void Write(string path, Cast cast)
    {
        var text = new System.Text.StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{{\"version\":2,\"width\":{cast.Columns},\"height\":{cast.Rows}}}\n");
        foreach (var e in cast.Events)
        {
            text.Append(JsonSerializer.Serialize(new object[] { e.Time, e.Code, e.Data })).Append('\n');
        }

        File.WriteAllText(path, text.ToString());
    }

    public static Cast Load(string path)
    {
        var text = File.ReadAllText(path);
        if (text.TrimStart().StartsWith('{') && !text.Contains("\n{", StringComparison.Ordinal) && path.EndsWith(".json", StringComparison.Ordinal))
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            var events = new List<CastEvent>();
            double t = 0;
            foreach (var item in root.GetProperty("stdout").EnumerateArray())
            {
                t += item[0].GetDouble();
                events.Add(new CastEvent(t, "o", item[1].GetString()!));
            }

            return new Cast(root.GetProperty("width").GetInt32(), root.GetProperty("height").GetInt32(), events);
        }

        var lines = text.Split('\n').Where(l => l.Trim().Length > 0 && !l.StartsWith('#')).ToList();
        using var header = JsonDocument.Parse(lines[0]);
        var h = header.RootElement;
        var v3 = h.GetProperty("version").GetInt32() == 3;
        var cols = v3 ? h.GetProperty("term").GetProperty("cols").GetInt32() : h.GetProperty("width").GetInt32();
        var rows = v3 ? h.GetProperty("term").GetProperty("rows").GetInt32() : h.GetProperty("height").GetInt32();
        var list = new List<CastEvent>();
        double time = 0;
        foreach (var line in lines.Skip(1))
        {
            using var e = JsonDocument.Parse(line);
            var x = e.RootElement[0].GetDouble();
            time = v3 ? time + x : x;
            list.Add(new CastEvent(time, e.RootElement[1].GetString()!, e.RootElement[2].GetString() ?? string.Empty));
        }

        return new Cast(cols, rows, list);
    }

    /// <summary>Feeds events with index ≥ <paramref name="next"/> and time ≤ <paramref name="until"/>; returns the next index.</summary>
    public static int Play(Cast cast, VirtualTerminal terminal, int next, double until)
    {
        var events = cast.Events;
        for (; next < events.Count && events[next].Time <= until; next++)
        {
            var e = events[next];
            if (e.Code == "o")
            {
                terminal.Write(e.Data);
            }
            else if (e.Code == "r")
            {
                var parts = e.Data.Split('x');
                terminal.Resize(int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
            }
        }

        return next;
    }
}
