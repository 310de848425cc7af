namespace InterviewLM.Recording;

/// <summary>Represents a "git-like" snapshot of one file: its content hash, a line diff from the previous snapshot and, periodically, the full content.</summary>
/// <param name="FileId">The file.</param>
/// <param name="ContentHash">The lowercase hex SHA-256 of the file's UTF-8 content (see <see cref="ContentHasher"/>).</param>
/// <param name="Diff">The line diff from the previous snapshot of this file; empty when there is none.</param>
/// <param name="FullContent">The whole content, when this snapshot carries it.</param>
public sealed record CodeSnapshot(string FileId, string ContentHash, EquatableArray<LineDiffOperation> Diff, string? FullContent = null) : SessionEvent
{
    /// <summary>The wire name of this event type.</summary>
    public const string TypeName = "code_snapshot";

    /// <inheritdoc/>
    public override string Type => TypeName;

    /// <inheritdoc/>
    public override EventChannel Channel => EventChannel.Code;
}
