using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Cli;

/// <summary>A projection that writes one file from the event stream with a feature package's writer (the terminal cast, the Claude interactions).</summary>
/// <remarks>Written to a temporary file first and moved into place, so a reader never sees half a file; an empty result leaves no file.</remarks>
internal sealed class FileProjection(string fileName, Func<IAsyncEnumerable<RecordedEvent>, Stream, CancellationToken, Task<long>> write) : ISessionProjection
{
    public string Name => fileName;

    public async Task WriteAsync(SessionDirectory session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var target = Path.Combine(session.Path, fileName);
        var temporary = target + ".tmp";
        long written;
        var output = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous);
        await using (output.ConfigureAwait(false))
        {
            written = await write(session.ReadEventsAsync(cancellationToken), output, cancellationToken).ConfigureAwait(false);
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
