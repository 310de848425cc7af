namespace InterviewLM.Recording;

/// <summary>Represents what happened in a session: the payload of a <see cref="RecordedEvent"/>.</summary>
/// <remarks>
/// Payloads are immutable records with value equality. The <see cref="Type"/> name is the <c>type</c> field of the
/// JSONL record and never changes once shipped.
/// </remarks>
public abstract record SessionEvent
{
    /// <summary>Gets the stable wire name of this event type, for example <c>text_edit</c>.</summary>
    public abstract string Type { get; }

    /// <summary>Gets the channel this event belongs to.</summary>
    public abstract EventChannel Channel { get; }
}
