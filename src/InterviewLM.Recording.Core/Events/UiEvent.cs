namespace InterviewLM.Recording;

/// <summary>Represents an opaque UI event (for example an rrweb event) stored and returned byte for byte.</summary>
/// <param name="Source">Who produced it, for example <c>rrweb</c>.</param>
/// <param name="Json">The event as one JSON value; it is validated as JSON but never reformatted.</param>
public sealed record UiEvent(string Source, string Json) : SessionEvent
{
    /// <summary>The wire name of this event type.</summary>
    public const string TypeName = "ui_event";

    /// <inheritdoc/>
    public override string Type => TypeName;

    /// <inheritdoc/>
    public override EventChannel Channel => EventChannel.Ui;
}
