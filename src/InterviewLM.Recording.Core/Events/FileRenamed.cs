namespace InterviewLM.Recording;

/// <summary>Represents a file moved to a new path; its identifier stays the same.</summary>
/// <param name="FileId">The file identifier.</param>
/// <param name="NewPath">The new workspace-relative path.</param>
public sealed record FileRenamed(string FileId, string NewPath) : SessionEvent
{
    /// <summary>The wire name of this event type.</summary>
    public const string TypeName = "file_renamed";

    /// <inheritdoc/>
    public override string Type => TypeName;

    /// <inheritdoc/>
    public override EventChannel Channel => EventChannel.Code;
}
