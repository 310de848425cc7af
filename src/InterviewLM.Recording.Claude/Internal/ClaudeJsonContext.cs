using System.Text.Json.Serialization;

namespace InterviewLM.Recording.Claude.Internal;

/// <summary>Provides AOT-safe serialization of the few types the capture writes itself.</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class ClaudeJsonContext : JsonSerializerContext;
