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
