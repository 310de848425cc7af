using System.Text.Json;

namespace InterviewLM.Recording.Terminal;

/// <summary>Builds an <see cref="AsciicastHeader"/> from the JSON header fields of any version, naming the line of a bad field.</summary>
internal static class AsciicastHeaderParser
{
    private const double MaxSeconds = 1e9;

    public static AsciicastHeader Parse(int version, IReadOnlyDictionary<string, (JsonElement Value, long Line)> fields, long headerLine)
    {
        int columns;
        int rows;
        string? termType = null;
        string? termVersion = null;
        AsciicastTheme? theme;
        if (version == 3)
        {
            if (!fields.TryGetValue("term", out var term) || term.Value.ValueKind != JsonValueKind.Object)
            {
                throw new AsciicastFormatException(headerLine, "The v3 header has no \"term\" object.");
            }

            var line = term.Line;
            columns = RequiredSize(term.Value, "cols", line);
            rows = RequiredSize(term.Value, "rows", line);
            termType = OptionalString(term.Value, "type", line);
            termVersion = OptionalString(term.Value, "version", line);
            theme = term.Value.TryGetProperty("theme", out var themeValue) ? ParseTheme(themeValue, line) : null;
        }
        else
        {
            columns = RequiredSize(fields, "width", headerLine);
            rows = RequiredSize(fields, "height", headerLine);
            theme = fields.TryGetValue("theme", out var themeField) ? ParseTheme(themeField.Value, themeField.Line) : null;
        }

        return new AsciicastHeader
        {
            Version = version,
            Columns = columns,
            Rows = rows,
            TermType = termType,
            TermVersion = termVersion,
            Theme = theme,
            Timestamp = OptionalNumber(fields, "timestamp", allowZero: true) is { } ts
                ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(ts * 1000))
                : null,
            Duration = OptionalNumber(fields, "duration", allowZero: true) is { } d ? TimeSpan.FromSeconds(d) : null,
            IdleTimeLimit = OptionalNumber(fields, "idle_time_limit", allowZero: false) is { } l ? TimeSpan.FromSeconds(l) : null,
            Command = OptionalString(fields, "command"),
            Title = OptionalString(fields, "title"),
            Env = ParseEnv(fields),
            Tags = ParseTags(fields),
        };
    }

    /// <summary>Reads the header's <c>version</c>; 0 when absent.</summary>
    public static int ReadVersion(IReadOnlyDictionary<string, (JsonElement Value, long Line)> fields, long headerLine)
    {
        if (!fields.TryGetValue("version", out var field))
        {
            return 0;
        }

        if (field.Value.ValueKind != JsonValueKind.Number || !field.Value.TryGetInt32(out var version))
        {
            throw new AsciicastFormatException(field.Line == 0 ? headerLine : field.Line, "\"version\" must be an integer.");
        }

        return version;
    }

    public static Dictionary<string, (JsonElement Value, long Line)> Fields(JsonElement root, long line)
    {
        var fields = new Dictionary<string, (JsonElement, long)>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            fields[property.Name] = (property.Value.Clone(), line);
        }

        return fields;
    }

    private static int RequiredSize(IReadOnlyDictionary<string, (JsonElement Value, long Line)> fields, string name, long headerLine)
    {
        if (!fields.TryGetValue(name, out var field))
        {
            throw new AsciicastFormatException(headerLine, $"The header has no \"{name}\".");
        }

        return Size(field.Value, name, field.Line);
    }

    private static int RequiredSize(JsonElement obj, string name, long line)
    {
        if (!obj.TryGetProperty(name, out var value))
        {
            throw new AsciicastFormatException(line, $"\"term\" has no \"{name}\".");
        }

        return Size(value, name, line);
    }

    private static int Size(JsonElement value, string name, long line)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var size) || size <= 0)
        {
            throw new AsciicastFormatException(line, $"\"{name}\" must be a positive integer, not {value.GetRawText()}.");
        }

        return size;
    }

    private static double? OptionalNumber(IReadOnlyDictionary<string, (JsonElement Value, long Line)> fields, string name, bool allowZero)
    {
        if (!fields.TryGetValue(name, out var field) || field.Value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (field.Value.ValueKind != JsonValueKind.Number || !field.Value.TryGetDouble(out var number)
            || !double.IsFinite(number) || number < 0 || (!allowZero && number == 0) || (name != "timestamp" && number > MaxSeconds))
        {
            throw new AsciicastFormatException(field.Line, $"\"{name}\" must be a {(allowZero ? "non-negative" : "positive")} number, not {field.Value.GetRawText()}.");
        }

        return number;
    }

    private static string? OptionalString(IReadOnlyDictionary<string, (JsonElement Value, long Line)> fields, string name)
        => fields.TryGetValue(name, out var field) ? StringOrNull(field.Value, name, field.Line) : null;

    private static string? OptionalString(JsonElement obj, string name, long line)
        => obj.TryGetProperty(name, out var value) ? StringOrNull(value, name, line) : null;

    private static string? StringOrNull(JsonElement value, string name, long line) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => value.GetString(),
        _ => throw new AsciicastFormatException(line, $"\"{name}\" must be a string, not {value.GetRawText()}."),
    };

    private static AsciicastTheme? ParseTheme(JsonElement value, long line)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new AsciicastFormatException(line, "\"theme\" must be an object.");
        }

        var fg = OptionalString(value, "fg", line);
        var bg = OptionalString(value, "bg", line);
        if (fg is null || bg is null)
        {
            throw new AsciicastFormatException(line, "\"theme\" must have \"fg\" and \"bg\" colours.");
        }

        return new AsciicastTheme(fg, bg, OptionalString(value, "palette", line));
    }

    private static Dictionary<string, string>? ParseEnv(IReadOnlyDictionary<string, (JsonElement Value, long Line)> fields)
    {
        if (!fields.TryGetValue("env", out var field) || field.Value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (field.Value.ValueKind != JsonValueKind.Object)
        {
            throw new AsciicastFormatException(field.Line, "\"env\" must be an object.");
        }

        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in field.Value.EnumerateObject())
        {
            if (StringOrNull(property.Value, "env." + property.Name, field.Line) is { } text)
            {
                env[property.Name] = text;
            }
        }

        return env;
    }

    private static string[]? ParseTags(IReadOnlyDictionary<string, (JsonElement Value, long Line)> fields)
    {
        if (!fields.TryGetValue("tags", out var field) || field.Value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (field.Value.ValueKind != JsonValueKind.Array)
        {
            throw new AsciicastFormatException(field.Line, "\"tags\" must be an array of strings.");
        }

        return [.. field.Value.EnumerateArray().Select(t => StringOrNull(t, "tags[]", field.Line) ?? string.Empty)];
    }

    /// <summary>Converts seconds read as a JSON number to ticks, exactly for up to 7 decimals.</summary>
    public static bool TryGetTicks(ref Utf8JsonReader reader, out long ticks)
    {
        ticks = 0;
        if (reader.TryGetDecimal(out var seconds))
        {
            if (seconds < 0 || seconds > (decimal)MaxSeconds)
            {
                return false;
            }

            ticks = (long)decimal.Round(seconds * TimeSpan.TicksPerSecond, MidpointRounding.AwayFromZero);
            return true;
        }

        return false;
    }

    public static string Describe(ReadOnlySpan<byte> raw) => raw.Length > 40
        ? System.Text.Encoding.UTF8.GetString(raw[..40]) + "…"
        : System.Text.Encoding.UTF8.GetString(raw);
}
