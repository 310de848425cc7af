using InterviewLM.Recording.Storage;
using InterviewLM.Recording.Terminal;

namespace InterviewLM.Recording.Cli;

/// <summary>Writes <c>terminal.cast</c>, the terminal channel as asciicast v2 (see <see cref="AsciicastConverter"/>), when a session is finalized.</summary>
/// <remarks>Lives here because Storage does not reference Terminal. Nothing is written for a session without terminal events.</remarks>
internal sealed class TerminalCastProjection : ISessionProjection
{
    public const string FileName = "terminal.cast";

    public string Name => FileName;

    public async Task WriteAsync(SessionDirectory session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var target = Path.Combine(session.Path, FileName);
        var temporary = target + ".tmp";
        long written;
        var output = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous);
        await using (output.ConfigureAwait(false))
        {
            written = await AsciicastConverter.ExportAsync(session.ReadEventsAsync(cancellationToken), output, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        if (written > 0)
        {
            File.Move(temporary, target, overwrite: true);
        }
        else
        {
            File.Delete(temporary);
        }
    }
}
