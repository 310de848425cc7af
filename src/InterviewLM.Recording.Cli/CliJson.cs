using System.Text.Encodings.Web;
using System.Text.Json;

namespace InterviewLM.Recording.Cli;

/// <summary>JSON settings for <c>--json</c> output.</summary>
internal static class CliJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };
}
