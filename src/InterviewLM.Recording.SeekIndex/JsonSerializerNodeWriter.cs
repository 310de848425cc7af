using System.Text.Json;
using System.Text.Json.Nodes;

namespace InterviewLM.Recording.SeekIndex;

/// <summary>Writes a JSON node tree as indented UTF-8 without reflection (AOT-safe).</summary>
internal static class JsonSerializerNodeWriter
{
    public static byte[] Write(JsonNode node)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            node.WriteTo(writer);
        }

        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }
}
