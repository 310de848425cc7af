using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace InterviewLM.Recording.SeekIndex;

/// <summary>Carries a keyframe (the fold's serialized state) as a session event that every codec stores unchanged.</summary>
/// <remarks>
/// A keyframe is an <see cref="UnknownEvent"/> of type <c>keyframe</c> whose JSON holds the state in base64
/// (<c>{"type":"keyframe","v":1,"state":"…"}</c>). Codecs keep unknown records verbatim, so keyframes need no codec
/// changes. Keyframes are not session events: the fold ignores them and they never share a block with real events.
/// </remarks>
public static class KeyframeEvent
{
    /// <summary>The wire type name of a keyframe record.</summary>
    public const string TypeName = "keyframe";

    /// <summary>Wraps serialized state as a keyframe event.</summary>
    /// <param name="state">The fold's serialized state.</param>
    /// <returns>The event.</returns>
    public static UnknownEvent Create(ReadOnlySpan<byte> state)
    {
        var json = new StringBuilder(Base64.GetMaxEncodedToUtf8Length(state.Length) + 48)
            .Append("{\"type\":\"").Append(TypeName).Append("\",\"v\":1,\"state\":\"")
            .Append(Convert.ToBase64String(state))
            .Append("\"}")
            .ToString();
        return new UnknownEvent(TypeName, json);
    }

    /// <summary>Returns whether an event is a keyframe.</summary>
    /// <param name="value">The event.</param>
    /// <returns><see langword="true"/> for a keyframe record.</returns>
    public static bool IsKeyframe(SessionEvent value) => value is UnknownEvent { TypeName: TypeName };

    /// <summary>Reads the serialized state of a keyframe event.</summary>
    /// <param name="value">The event.</param>
    /// <param name="state">The state, when <paramref name="value"/> is a keyframe.</param>
    /// <returns><see langword="true"/> when <paramref name="value"/> is a readable keyframe.</returns>
    public static bool TryGetState(SessionEvent value, out byte[] state)
    {
        state = [];
        if (value is not UnknownEvent { TypeName: TypeName } unknown)
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(unknown.RawJson);
            if (document.RootElement.TryGetProperty("state", out var property) && property.ValueKind == JsonValueKind.String)
            {
                state = property.GetBytesFromBase64();
                return true;
            }
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            return false;
        }

        return false;
    }
}
