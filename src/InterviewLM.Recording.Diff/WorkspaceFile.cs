namespace InterviewLM.Recording.Diff;

/// <summary>Represents one live file of a <see cref="CodeWorkspace"/>.</summary>
public sealed class WorkspaceFile
{
    internal WorkspaceFile(string fileId, string path, string? language, string content, int creationIndex)
        : this(fileId, path, language, new TextDocument(content), creationIndex)
    {
    }

    internal WorkspaceFile(string fileId, string path, string? language, TextDocument document, int creationIndex)
    {
        FileId = fileId;
        Path = path;
        Language = language;
        Document = document;
        CreationIndex = creationIndex;
    }

    /// <summary>Gets the file identifier.</summary>
    public string FileId { get; }

    /// <summary>Gets the current workspace-relative path.</summary>
    public string Path { get; internal set; }

    /// <summary>Gets the language identifier, if known.</summary>
    public string? Language { get; }

    /// <summary>Gets the hash of the latest snapshot, or <see langword="null"/> before the first.</summary>
    public string? SnapshotHash { get; internal set; }

    internal TextDocument Document { get; }

    internal string? SnapshotText { get; set; }

    internal int CreationIndex { get; }

    /// <summary>Gets the content of the latest snapshot (what the next snapshot's diff applies to).</summary>
    /// <returns>The content, or <see langword="null"/> before the first snapshot.</returns>
    public string? GetSnapshotContent() => SnapshotText;

    /// <summary>Gets the current content.</summary>
    /// <returns>The content.</returns>
    public string GetContent() => Document.GetText();
}
