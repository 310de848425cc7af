namespace InterviewLM.Recording;

/// <summary>Represents a file removed from the workspace.</summary>
/// <param name="FileId">The file identifier.</param>
public sealed record FileDeleted(string FileId) : SessionEvent
{
    /// <summary>The wire name of this event type.</summary>
    public const string TypeName = "file_deleted";

    /// <inheritdoc/>
    public override string Type => TypeName;

    /// <inheritdoc/>
    public override EventChannel Channel => EventChannel.Code;
}
