namespace InterviewLM.Recording;

/// <summary>Represents something a capture of the session could not record (a Claude call, a file, terminal output), so that nothing is missing silently.</summary>
/// <param name="Source">The capture that failed, for example <c>claude</c>, <c>watcher</c> or <c>terminal</c>.</param>
/// <param name="Reason">Why, on one line, for example <c>response could not be parsed: JsonException: …</c>.</param>
/// <param name="Detail">Optional further detail (an exception's full text, the item's name), on any number of lines.</param>
/// <remarks>A capture failure is a fact of the session, not damage: a session holding one is still intact.</remarks>
public sealed record CaptureFailed(string Source, string Reason, string? Detail = null) : SessionEvent
{
    /// <summary>The wire name of this event type.</summary>
    public const string TypeName = "capture_failed";

    /// <inheritdoc/>
    public override string Type => TypeName;

    /// <inheritdoc/>
    public override EventChannel Channel => EventChannel.Session;
}
