using InterviewLM.Recording.Replay;
using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Cli;

/// <summary>The session's state at given times (the <c>files</c>, <c>diff</c> and <c>screen</c> commands), from the nearest keyframe of the one state fold.</summary>
internal static class CodeState
{
    /// <summary>Gets the files (id, path, content) at each of the given times.</summary>
    public static async Task<IReadOnlyList<IReadOnlyList<(string FileId, string Path, string Content)>>> AtAsync(SessionDirectory session, IReadOnlyList<TimeSpan> times, CancellationToken cancellationToken)
    {
        var states = await StatesAtAsync(session, times, cancellationToken).ConfigureAwait(false);
        return states.Select(s => (IReadOnlyList<(string, string, string)>)s.Workspace.Files.Select(f => (f.FileId, f.Path, f.GetContent())).ToList()).ToList();
    }

    /// <summary>Gets the state at each of the given times.</summary>
    /// <remarks>
    /// Reads only the keyframe at or before each moment and the blocks after it (adding keyframes to a session without
    /// them, rebuilding a stale index); a read-only session without keyframes is loaded whole instead.
    /// </remarks>
    public static async Task<IReadOnlyList<SessionState>> StatesAtAsync(SessionDirectory session, IReadOnlyList<TimeSpan> times, CancellationToken cancellationToken)
    {
        var seeker = await StoredSessionSeeker.OpenAsync(session, cancellationToken).ConfigureAwait(false);
        var states = new List<SessionState>(times.Count);
        if (seeker is not null)
        {
            foreach (var time in times)
            {
                states.Add(await seeker.StateAtAsync(time, cancellationToken).ConfigureAwait(false));
            }

            return states;
        }

        var timeline = await SessionKeyframes.LoadAsync(session, cancellationToken: cancellationToken).ConfigureAwait(false);
        states.AddRange(times.Select(timeline.StateAt));
        return states;
    }
}
