using InterviewLM.Recording.Replay;
using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Cli;

/// <summary>The session's files at given times (the <c>files</c> and <c>diff</c> commands), from the nearest keyframe of the one state fold.</summary>
internal static class CodeState
{
    /// <summary>Gets the files (id, path, content) at each of the given times.</summary>
    /// <remarks>Loads the session with its keyframes (building and storing them first if missing or stale), then restores each moment from the nearest keyframe.</remarks>
    public static async Task<IReadOnlyList<IReadOnlyList<(string FileId, string Path, string Content)>>> AtAsync(SessionDirectory session, IReadOnlyList<TimeSpan> times, CancellationToken cancellationToken)
    {
        var timeline = await SessionKeyframes.LoadAsync(session, cancellationToken).ConfigureAwait(false);
        return times.Select(t => (IReadOnlyList<(string, string, string)>)timeline.StateAt(t).Workspace.Files.Select(f => (f.FileId, f.Path, f.GetContent())).ToList()).ToList();
    }
}
