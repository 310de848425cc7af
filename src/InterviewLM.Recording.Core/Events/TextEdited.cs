namespace InterviewLM.Recording;

/// <summary>Represents one editor content change event: one or more changes applied together, as Monaco reports them.</summary>
/// <remarks>
/// Every change's offsets refer to the document before the event, and changes do not overlap; applying them from the
/// highest offset to the lowest gives the document after the event (Monaco's rule).
/// </remarks>
/// <param name="FileId">The edited file.</param>
/// <param name="Changes">The changes, at least one.</param>
/// <param name="BaseHash">The content hash of the code snapshot this edit follows, when the tracker knows it.</param>
public sealed record TextEdited(string FileId, EquatableArray<TextChange> Changes, string? BaseHash = null) : SessionEvent
{
    /// <summary>The wire name of this event type.</summary>
    public const string TypeName = "text_edit";

    /// <inheritdoc/>
    public override string Type => TypeName;

    /// <inheritdoc/>
    public override EventChannel Channel => EventChannel.Code;
}
