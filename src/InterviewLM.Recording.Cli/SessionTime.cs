using System.Globalization;

namespace InterviewLM.Recording.Cli;

/// <summary>Parses the <c>--at</c>/<c>--from</c>/<c>--to</c> values: seconds from session start, <c>[hh:]mm:ss[.fff]</c>, or <c>end</c>.</summary>
internal static class SessionTime
{
    public static TimeSpan Parse(string value, string option)
    {
        if (string.Equals(value, "end", StringComparison.OrdinalIgnoreCase))
        {
            return TimeSpan.MaxValue;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0 && double.IsFinite(seconds))
        {
            return seconds * TimeSpan.TicksPerSecond >= TimeSpan.MaxValue.Ticks ? TimeSpan.MaxValue : TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
        }

        string[] clock = [@"m\:ss", @"m\:ss\.FFFFFFF", @"h\:mm\:ss", @"h\:mm\:ss\.FFFFFFF"];
        if (TimeSpan.TryParseExact(value, clock, CultureInfo.InvariantCulture, out var span) && span >= TimeSpan.Zero)
        {
            return span;
        }

        throw new ArgumentException($"{option} takes seconds from session start (for example 12.5), [hh:]mm:ss[.fff] or 'end', not '{value}'.");
    }
}
