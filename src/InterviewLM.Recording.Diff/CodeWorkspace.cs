using System.Runtime.CompilerServices;

namespace InterviewLM.Recording.Diff;

/// <summary>Represents the code channel's state folded from a session's events: every live file's path and content, with snapshot checks.</summary>
/// <remarks>
/// <para>
/// <see cref="Apply(SessionEvent)"/> handles <see cref="FileCreated"/>, <see cref="FileRenamed"/>, <see cref="FileDeleted"/>,
/// <see cref="TextEdited"/> and <see cref="CodeSnapshot"/> and ignores the other channels. Content comes from the edits;
/// each snapshot is rebuilt independently from the previous snapshot plus its diff (or its full content), and any
/// disagreement — a diff that does not fit, a hash that does not match, a snapshot that differs from the edited
/// content, an edit whose base hash is not the latest snapshot — is added to <see cref="Problems"/>.
/// </para>
/// <para>Not thread-safe.</para>
/// </remarks>
public sealed class CodeWorkspace
{
    // What checking a snapshot found, kept with the (immutable) event: the content it rebuilds from a given previous
    // snapshot and whether its hash matches. Seeking folds the same stretch of events again and again; the hash of a
    // 100 KB file costs more than thousands of edits, and the answer cannot change.
    private static readonly ConditionalWeakTable<CodeSnapshot, SnapshotCheck> s_checkedSnapshots = new();

    private readonly Dictionary<string, WorkspaceFile> _files = new(StringComparer.Ordinal);
    private WorkspaceFile? _lastFile; // edits come in runs on one file: skip the dictionary for them
    private readonly List<string> _problems = [];
    private int _created;

    /// <summary>Gets the live files, in creation order.</summary>
    public IEnumerable<WorkspaceFile> Files => _files.Values.OrderBy(static f => f.CreationIndex);

    /// <summary>Gets the inconsistencies found so far, one sentence each.</summary>
    public IReadOnlyList<string> Problems => _problems;

    /// <summary>Gets a live file by identifier.</summary>
    /// <param name="fileId">The file identifier.</param>
    /// <param name="file">The file, when it exists.</param>
    /// <returns><see langword="true"/> when the file exists.</returns>
    public bool TryGetFile(string fileId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out WorkspaceFile? file) => _files.TryGetValue(fileId, out file);

    /// <summary>Adds a file in a known state, as when restoring a keyframe of the fold.</summary>
    /// <param name="fileId">The file identifier.</param>
    /// <param name="path">The current path.</param>
    /// <param name="language">The language identifier, if known.</param>
    /// <param name="content">The current content.</param>
    /// <param name="snapshotHash">The hash of the latest snapshot, or <see langword="null"/> before the first.</param>
    /// <param name="snapshotContent">The content of the latest snapshot (what the next snapshot's diff applies to), or <see langword="null"/> before the first.</param>
    /// <param name="recycle">A file of a workspace being discarded whose document buffer is reused (it must not be used afterwards), or <see langword="null"/>.</param>
    /// <returns>The file; files restored in creation order keep that order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="fileId"/>, <paramref name="path"/> or <paramref name="content"/> is <see langword="null"/>.</exception>
    public WorkspaceFile Restore(string fileId, string path, string? language, string content, string? snapshotHash, string? snapshotContent, WorkspaceFile? recycle = null)
    {
        ArgumentNullException.ThrowIfNull(fileId);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(content);
        TextDocument document;
        if (recycle is not null)
        {
            // Reusing the buffer keeps a seek from allocating a large array for every big file.
            document = recycle.Document;
            document.SetText(content);
        }
        else
        {
            document = new TextDocument(content);
        }

        var file = new WorkspaceFile(fileId, path, language, document, _created++) { SnapshotHash = snapshotHash, SnapshotText = snapshotContent };
        _files[fileId] = file;
        _lastFile = null;
        return file;
    }

    /// <summary>Adds inconsistencies found earlier, as when restoring a keyframe of the fold.</summary>
    /// <param name="problems">The problems, one sentence each.</param>
    /// <exception cref="ArgumentNullException"><paramref name="problems"/> is <see langword="null"/>.</exception>
    public void RestoreProblems(IEnumerable<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        _problems.AddRange(problems);
    }

    /// <summary>Applies one recorded event.</summary>
    /// <param name="value">The recorded event.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">An edit does not fit its file (the stream is corrupt).</exception>
    public void Apply(RecordedEvent value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Apply(value.Event);
    }

    /// <summary>Applies one event.</summary>
    /// <param name="value">The event.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">An edit does not fit its file or names an unknown file (the stream is corrupt).</exception>
    public void Apply(SessionEvent value)
    {
        ArgumentNullException.ThrowIfNull(value);
        switch (value)
        {
            case FileCreated created:
                _files[created.FileId] = new WorkspaceFile(created.FileId, created.Path, created.Language, created.InitialContent, _created++);
                _lastFile = null;
                break;
            case FileRenamed renamed:
                Get(renamed.FileId, value).Path = renamed.NewPath;
                break;
            case FileDeleted deleted:
                _files.Remove(deleted.FileId);
                _lastFile = null;
                break;
            case TextEdited edited:
                var file = Get(edited.FileId, value);
                if (edited.BaseHash is not null && file.SnapshotHash is not null && !string.Equals(edited.BaseHash, file.SnapshotHash, StringComparison.Ordinal))
                {
                    _problems.Add($"An edit of '{file.Path}' names base snapshot {edited.BaseHash} but the latest snapshot is {file.SnapshotHash}.");
                }

                try
                {
                    file.Document.Apply(edited.Changes.Items);
                }
                catch (ArgumentException ex)
                {
                    throw new InvalidOperationException($"An edit of '{file.Path}' does not fit the file: {ex.Message}", ex);
                }

                break;
            case CodeSnapshot snapshot:
                ApplySnapshot(Get(snapshot.FileId, value), snapshot);
                break;
        }
    }

    private void ApplySnapshot(WorkspaceFile file, CodeSnapshot snapshot)
    {
        string rebuilt;
        bool hashMatches;
        if (s_checkedSnapshots.TryGetValue(snapshot, out var check) && (snapshot.FullContent is not null || ReferenceEquals(check.Base, file.SnapshotText)))
        {
            (rebuilt, hashMatches) = (check.Rebuilt, check.HashMatches);
        }
        else
        {
            var fits = true;
            if (snapshot.FullContent is not null)
            {
                rebuilt = snapshot.FullContent;
            }
            else
            {
                try
                {
                    rebuilt = LineDiff.Apply(snapshot.Diff.Items, file.SnapshotText ?? string.Empty);
                }
                catch (ArgumentException ex)
                {
                    _problems.Add($"The snapshot {snapshot.ContentHash} of '{file.Path}' has a diff that does not fit the previous snapshot: {ex.Message}");
                    rebuilt = file.Document.GetText();
                    fits = false;
                }
            }

            hashMatches = string.Equals(ContentHasher.Hash(rebuilt), snapshot.ContentHash, StringComparison.Ordinal);
            if (fits)
            {
                s_checkedSnapshots.AddOrUpdate(snapshot, new SnapshotCheck(snapshot.FullContent is null ? file.SnapshotText : null, rebuilt, hashMatches));
            }
        }

        if (!hashMatches)
        {
            _problems.Add($"The snapshot {snapshot.ContentHash} of '{file.Path}' does not match the hash of its rebuilt content.");
        }

        if (!file.Document.ContentEquals(rebuilt))
        {
            _problems.Add($"The snapshot {snapshot.ContentHash} of '{file.Path}' differs from the content its edits give.");
        }

        file.SnapshotText = rebuilt;
        file.SnapshotHash = snapshot.ContentHash;
    }

    private sealed record SnapshotCheck(string? Base, string Rebuilt, bool HashMatches);

    private WorkspaceFile Get(string fileId, SessionEvent value)
    {
        if (_lastFile is { } last && string.Equals(last.FileId, fileId, StringComparison.Ordinal))
        {
            return last;
        }

        return _lastFile = _files.TryGetValue(fileId, out var file) ? file : throw new InvalidOperationException($"A {value.Type} event names file '{fileId}', which does not exist at that point.");
    }
}
