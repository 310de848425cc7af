namespace InterviewLM.Recording;

/// <summary>Represents a file of the watched workspace whose content is not recorded, with what identifies it: its size and content hash.</summary>
/// <remarks>
/// A producer that records a directory records a skipped file this way instead of dropping it silently. Files its ignore
/// rules exclude (<c>.gitignore</c>, <c>node_modules</c>) are not part of the workspace and are not recorded at all.
/// The file is not one of the session's files: it has no file identifier, and a later <see cref="FileSkipped"/> for the
/// same path replaces what an earlier one said.
/// </remarks>
/// <param name="Path">The workspace-relative path, with <c>/</c> separators.</param>
/// <param name="Size">The size in bytes.</param>
/// <param name="ContentHash">The lowercase hex SHA-256 of the file's bytes (as <see cref="ContentHasher"/> computes it).</param>
/// <param name="Reason">Why the content is not recorded: <see cref="TooLargeReason"/>, <see cref="BinaryReason"/>, or a reason a newer producer names.</param>
public sealed record FileSkipped(string Path, long Size, string ContentHash, string Reason) : SessionEvent
{
    /// <summary>The wire name of this event type.</summary>
    public const string TypeName = "file_skipped";

    /// <summary>The <see cref="Reason"/> of a file over the producer's size limit.</summary>
    public const string TooLargeReason = "too_large";

    /// <summary>The <see cref="Reason"/> of a file that is not text: a NUL byte in its first 8 KiB, or not valid UTF-8.</summary>
    public const string BinaryReason = "binary";

    /// <inheritdoc/>
    public override string Type => TypeName;

    /// <inheritdoc/>
    public override EventChannel Channel => EventChannel.Code;
}
