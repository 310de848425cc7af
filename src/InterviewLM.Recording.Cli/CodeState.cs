using InterviewLM.Recording.Diff;
using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Cli;

/// <summary>Folds a stored session's code channel up to given times (the <c>files</c> and <c>diff</c> commands).</summary>
internal static class CodeState
{
    /// <summary>Gets the files (id, path, content) at each of the given times, in one pass over the events.</summary>
    public static async Task<IReadOnlyList<IReadOnlyList<(string FileId, string Path, string Content)>>> AtAsync(SessionDirectory session, IReadOnlyList<TimeSpan> times, CancellationToken cancellationToken)
    {
        var order = Enumerable.Range(0, times.Count).OrderBy(i => times[i]).ToArray();
        var results = new IReadOnlyList<(string, string, string)>[times.Count];
        var workspace = new CodeWorkspace();
        var next = 0;
        await foreach (var recorded in session.ReadEventsAsync(cancellationToken).ConfigureAwait(false))
        {
            while (next < order.Length && recorded.Time > times[order[next]])
            {
                results[order[next++]] = Capture(workspace);
            }

            if (next == order.Length)
            {
                break;
            }

            workspace.Apply(recorded);
        }

        while (next < order.Length)
        {
            results[order[next++]] = Capture(workspace);
        }

        return results;
    }

    private static List<(string, string, string)> Capture(CodeWorkspace workspace)
        => workspace.Files.Select(f => (f.FileId, f.Path, f.GetContent())).ToList();
}
