namespace InterviewLM.Recording;

/// <summary>Represents a file that appears in the candidate's workspace.</summary>
/// <param name="FileId">The stable identifier other code events refer to.</param>
/// <param name="Path">The workspace-relative path.</param>
/// <param name="Language">The language identifier (Monaco's), if known.</param>
/// <param name="InitialContent">The content the file starts with; empty for a new file.</param>
public sealed record FileCreated(string FileId, string Path, string? Language = null, string InitialContent = "") : SessionEvent
{
    /// <summary>The wire name of this event type.</summary>
    public const string TypeName = "file_created";

    /// <inheritdoc/>
    public override string Type => TypeName;

    /// <inheritdoc/>
    public override EventChannel Channel => EventChannel.Code;
}
