using System.IO.Compression;

namespace InterviewLM.Recording.Storage;

/// <summary>Exports a session directory as one ZIP file and imports it back, for portability (the candidate's copy, transfer between stores).</summary>
/// <remarks>Entries are the directory's files with their relative paths; already-compressed event files are stored, not recompressed.</remarks>
public static class SessionZip
{
    /// <summary>Writes every object of <paramref name="session"/> into a new ZIP file.</summary>
    /// <param name="session">The session's objects.</param>
    /// <param name="zipPath">The ZIP file to create (overwritten if it exists).</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The number of files written.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static async Task<int> ExportAsync(IReadOnlySessionObjects session, string zipPath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(zipPath);
        var count = 0;
        var output = new FileStream(zipPath, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous);
        await using (output.ConfigureAwait(false))
        {
            var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
            await using (archive.ConfigureAwait(false))
            {
                await foreach (var item in session.ListAsync(cancellationToken).ConfigureAwait(false))
                {
                    // Already-compressed events are stored, so a ranged read of the ZIP seeks inside them.
                    var level = item.Name.EndsWith(".gz", StringComparison.Ordinal) || item.Name.EndsWith(".ilmb", StringComparison.Ordinal) ? CompressionLevel.NoCompression : CompressionLevel.Optimal;
                    var entry = archive.CreateEntry(item.Name, level);
                    var target = await entry.OpenAsync(cancellationToken).ConfigureAwait(false);
                    await using (target.ConfigureAwait(false))
                    {
                        var source = await session.OpenReadAsync(item.Name, 0, null, cancellationToken).ConfigureAwait(false);
                        await using (source.ConfigureAwait(false))
                        {
                            await source.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
                        }
                    }

                    count++;
                }
            }
        }

        return count;
    }

    /// <summary>Extracts a session ZIP into a new directory and opens it.</summary>
    /// <param name="zipPath">The ZIP file.</param>
    /// <param name="directory">The directory to create; it must not exist or must be empty.</param>
    /// <returns>The imported session's objects.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="IOException">The directory is not empty.</exception>
    /// <exception cref="InvalidDataException">An entry of the ZIP points outside the directory.</exception>
    public static DirectorySessionObjects Import(string zipPath, string directory)
    {
        ArgumentNullException.ThrowIfNull(zipPath);
        ArgumentNullException.ThrowIfNull(directory);
        if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
        {
            throw new IOException($"'{directory}' already exists and is not empty.");
        }

        var root = Path.GetFullPath(directory) + Path.DirectorySeparatorChar;
        using (var archive = ZipFile.OpenRead(zipPath))
        {
            foreach (var entry in archive.Entries)
            {
                var target = Path.GetFullPath(Path.Combine(root, entry.FullName));
                if (!target.StartsWith(root, StringComparison.Ordinal))
                {
                    throw new InvalidDataException($"The ZIP entry '{entry.FullName}' points outside the session directory.");
                }
            }

            Directory.CreateDirectory(directory);
            archive.ExtractToDirectory(directory);
        }

        return DirectorySessionObjects.Open(directory);
    }
}
