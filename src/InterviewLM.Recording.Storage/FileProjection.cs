namespace InterviewLM.Recording.Storage;

/// <summary>Represents a projection that writes one file of the session directory from its events with a given writer (for example the terminal cast or the Claude interactions).</summary>
/// <remarks>The file is written to a temporary name and moved into place, so a reader never sees half a file; a writer that reports zero items leaves no file.</remarks>
/// <param name="fileName">The file name inside the session directory.</param>
/// <param name="write">Writes the file from the session's events and returns how many items it wrote.</param>
public sealed class FileProjection(string fileName, Func<IAsyncEnumerable<RecordedEvent>, Stream, CancellationToken, Task<long>> write) : ISessionProjection
{
    /// <inheritdoc/>
    public string Name => fileName;

    /// <inheritdoc/>
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
