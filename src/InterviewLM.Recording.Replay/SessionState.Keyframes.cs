using InterviewLM.Recording.Diff;
using InterviewLM.Recording.Terminal;

namespace InterviewLM.Recording.Replay;

/// <summary>The keyframe side of the fold: what changed since the last keyframe, and restoring a keyframe.</summary>
public sealed partial class SessionState
{
    private readonly HashSet<string> _dirtyFiles = new(StringComparer.Ordinal);
    private string? _lastDirtyFile;

    internal bool TerminalChanged { get; set; }

    internal IReadOnlyCollection<string> DirtyFiles => _dirtyFiles;

    internal IReadOnlyList<string> OwnProblems => _problems;

    internal void ClearChanges()
    {
        _dirtyFiles.Clear();
        _lastDirtyFile = null;
        TerminalChanged = false;
    }

    /// <summary>Restores the state a keyframe captured.</summary>
    /// <param name="keyframe">The keyframe.</param>
    /// <param name="resolve">Gets an earlier keyframe by number (for files and the screen it references).</param>
    /// <param name="interactions">The Claude interactions before the keyframe, in order (the events of its sequence numbers).</param>
    /// <param name="markers">The markers before the keyframe, in order.</param>
    /// <param name="events">Gets an event of the stream by sequence number (the full-content snapshots keyframes refer to).</param>
    /// <param name="recycle">A state being discarded whose buffers are reused, or <see langword="null"/>.</param>
    /// <returns>The state.</returns>
    internal static SessionState Restore(KeyframeData keyframe, Func<int, KeyframeData> resolve, IReadOnlyList<RecordedEvent> interactions, IReadOnlyList<RecordedEvent> markers, Func<long, RecordedEvent> events, SessionState? recycle = null)
    {
        var state = new SessionState { _summary = SessionSummary.Read(keyframe.Summary.Span) };
        var workspace = new CodeWorkspace();
        foreach (var file in keyframe.Files)
        {
            var source = file.Resolve(resolve, events);
            WorkspaceFile? old = null;
            recycle?._workspace.TryGetFile(file.FileId, out old);
            workspace.Restore(file.FileId, file.Path, file.Language, source.Content!, source.SnapshotHash, source.SnapshotContent, old);
        }

        workspace.RestoreProblems(keyframe.WorkspaceProblems);
        state._workspace = workspace;
        state._problems.AddRange(keyframe.OwnProblems);
        var screen = keyframe.TerminalStoredIn is { } terminalNumber ? resolve(terminalNumber).Terminal : keyframe.Terminal;
        if (screen is not null && recycle?._terminal is { } terminal)
        {
            terminal.Restore(screen);
            state._terminal = terminal;
        }
        else
        {
            state._terminal = screen is null ? null : VirtualTerminal.FromSnapshot(screen);
        }
        for (var i = 0; i < keyframe.InteractionCount; i++)
        {
            state._interactions.Add(interactions[i]);
        }

        for (var i = 0; i < keyframe.MarkerCount; i++)
        {
            state._markers.Add(markers[i]);
        }

        return state;
    }

    private void OnCodeEvent(SessionEvent value)
    {
        var fileId = value switch
        {
            FileCreated e => e.FileId,
            TextEdited e => e.FileId,
            CodeSnapshot e => e.FileId,
            _ => null,
        };

        // Edits come in runs on one file: the set is only touched when the file changes.
        if (fileId is not null && !string.Equals(fileId, _lastDirtyFile, StringComparison.Ordinal))
        {
            _dirtyFiles.Add(fileId);
            _lastDirtyFile = fileId;
        }
    }
}
