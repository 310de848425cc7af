using InterviewLM.Recording.Replay;
using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Cli;

/// <summary>The session's state at given times (the <c>files</c>, <c>diff</c> and <c>screen</c> commands), from the nearest keyframe of the one state fold.</summary>
internal static class CodeState
{
    /// <summary>Gets the files (id, path, content) at each of the given times.</summary>
    public static async Task<IReadOnlyList<IReadOnlyList<(string FileId, string Path, string Content)>>> AtAsync(StoredSession session, IReadOnlyList<TimeSpan> times, CancellationToken cancellationToken)
    {
        var states = await StatesAtAsync(session, times, cancellationToken).ConfigureAwait(false);
        return states.Select(s => (IReadOnlyList<(string, string, string)>)s.Workspace.Files.Select(f => (f.FileId, f.Path, f.GetContent())).ToList()).ToList();
    }

    /// <summary>Gets the state at each of the given times.</summary>
    /// <remarks>
    /// Reads only the keyframe at or before each moment and the blocks after it; a session without keyframes (or with a
    /// stale index) is sought by folding from its start. Nothing is written: keyframes are added only by an explicit
    /// rewrite (<c>ilmrec rebuild --keyframes</c>, <c>ilmrec convert</c>).
    /// </remarks>
    public static async Task<IReadOnlyList<SessionState>> StatesAtAsync(StoredSession session, IReadOnlyList<TimeSpan> times, CancellationToken cancellationToken)
    {
        var seeker = await StoredSessionSeeker.OpenAsync(session, cancellationToken).ConfigureAwait(false);
        var states = new List<SessionState>(times.Count);
        foreach (var time in times)
        {
            states.Add(await seeker.StateAtAsync(time, cancellationToken).ConfigureAwait(false));
        }

        return states;
    }
}
