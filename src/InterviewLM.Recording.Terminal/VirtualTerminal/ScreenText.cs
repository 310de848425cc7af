using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace InterviewLM.Recording.Terminal;

/// <summary>
/// Represents the visible text of a terminal screen in the shape <c>{cols, rows, cursor:[x,y], alt, lines:[...]}</c>
/// that <c>ilmrec screen --json</c> and ../shared/peers/vt.mjs (@xterm/headless) print.
/// </summary>
/// <param name="Columns">The screen width in cells.</param>
/// <param name="Rows">The screen height in lines.</param>
/// <param name="CursorX">The cursor column, 0-based (equals <paramref name="Columns"/> while a wrap is pending).</param>
/// <param name="CursorY">The cursor row, 0-based.</param>
/// <param name="IsAlternateScreen">Whether the alternate screen is active.</param>
/// <param name="Lines">The lines, without their trailing empty cells (cells written with a space are kept, as in xterm.js).</param>
public sealed record ScreenText(int Columns, int Rows, int CursorX, int CursorY, bool IsAlternateScreen, EquatableArray<string> Lines)
{
    private static readonly JsonWriterOptions s_writerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes the screen as one line of JSON: <c>{"cols":..,"rows":..,"cursor":[x,y],"alt":..,"lines":[..]}</c>.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, s_writerOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("cols", Columns);
            writer.WriteNumber("rows", Rows);
            writer.WriteStartArray("cursor");
            writer.WriteNumberValue(CursorX);
            writer.WriteNumberValue(CursorY);
            writer.WriteEndArray();
            writer.WriteBoolean("alt", IsAlternateScreen);
            writer.WriteStartArray("lines");
            foreach (var line in Lines)
            {
                writer.WriteStringValue(line);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    /// <summary>Reads a screen from the JSON that <see cref="ToJson"/> or vt.mjs write.</summary>
    /// <param name="json">The JSON object.</param>
    /// <returns>The screen.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException">The JSON does not have the expected shape.</exception>
    public static ScreenText FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            return FromJson(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new FormatException("The screen JSON is not valid JSON: " + e.Message, e);
        }
    }

    /// <summary>Reads a screen from a parsed JSON object.</summary>
    /// <param name="element">The JSON object.</param>
    /// <returns>The screen.</returns>
    /// <exception cref="FormatException">The JSON does not have the expected shape.</exception>
    public static ScreenText FromJson(JsonElement element)
    {
        try
        {
            var cursor = element.GetProperty("cursor");
            var lines = element.GetProperty("lines").EnumerateArray().Select(l => l.GetString() ?? string.Empty).ToArray();
            return new ScreenText(
                element.GetProperty("cols").GetInt32(),
                element.GetProperty("rows").GetInt32(),
                cursor[0].GetInt32(),
                cursor[1].GetInt32(),
                element.TryGetProperty("alt", out var alt) && alt.GetBoolean(),
                lines);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException)
        {
            throw new FormatException("The screen JSON does not have the shape {cols, rows, cursor:[x,y], alt, lines:[...]}.", e);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => ToJson();
}
