using System.Text;
using System.Text.Json;

namespace InterviewLM.Recording.Claude.Internal;

/// <summary>Provides JSON text helpers shared by the captures.</summary>
internal static class JsonText
{
    private static readonly JsonWriterOptions s_compact = new() { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Returns a tool input as compact JSON: the streamed fragments when there are any, else the initial input.</summary>
    /// <remarks>Fragments that do not parse (a stream cut short) are kept as one JSON string, so nothing seen is lost and the value stays valid JSON.</remarks>
    public static string NormalizeToolInput(string streamed, string? initial)
    {
        var text = string.IsNullOrWhiteSpace(streamed) ? initial : streamed;
        if (string.IsNullOrWhiteSpace(text))
        {
            return "{}";
        }

        return TryCompact(text, out var compact) ? compact : JsonSerializer.Serialize(text, ClaudeJsonContext.Default.String);
    }

    public static bool TryCompact(string json, out string compact)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            compact = Compact(document.RootElement);
            return true;
        }
        catch (JsonException)
        {
            compact = "";
            return false;
        }
    }

    public static string Compact(JsonElement element)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, s_compact))
        {
            element.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
