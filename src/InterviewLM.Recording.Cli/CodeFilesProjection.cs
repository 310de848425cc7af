using InterviewLM.Recording.Diff;
using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Cli;

/// <summary>Writes <c>files/&lt;fileId&gt;.diffs</c> and <c>.hash</c> (see <see cref="CodeProjections"/>) when a session is finalized.</summary>
/// <remarks>Lives here because Storage does not reference Diff; the CLI adds it to <see cref="SessionDirectoryOptions.Projections"/>.</remarks>
internal sealed class CodeFilesProjection : ISessionProjection
{
    public string Name => "files/*.diffs";

    public Task WriteAsync(SessionDirectory session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        return CodeProjections.WriteAsync(session.ReadEventsAsync(cancellationToken), session.Path, cancellationToken);
    }
}
