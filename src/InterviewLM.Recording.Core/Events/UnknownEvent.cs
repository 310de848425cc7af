namespace InterviewLM.Recording;

/// <summary>Represents an event whose type this version does not know; it is kept and written back unchanged.</summary>
/// <param name="TypeName">The event's wire type name.</param>
/// <param name="RawJson">The whole record as one JSON object, exactly as read.</param>
public sealed record UnknownEvent(string TypeName, string RawJson) : SessionEvent
{
    /// <inheritdoc/>
    public override string Type => TypeName;

    /// <inheritdoc/>
    public override EventChannel Channel => EventChannel.Unknown;
}
