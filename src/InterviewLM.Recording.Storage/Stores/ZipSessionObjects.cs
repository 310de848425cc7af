using System.IO.Compression;
using System.Runtime.CompilerServices;

namespace InterviewLM.Recording.Storage;

/// <summary>Represents a session stored in a ZIP file (as <c>ilmrec export --format zip</c> writes it), read only.</summary>
/// <remarks>
/// Entries are the session's objects by name. A ranged read of a stored (uncompressed) entry seeks inside the ZIP file, so a
/// seek reads only the blocks it needs (export stores the already-compressed events uncompressed); a compressed entry is
/// inflated from its start. Each read opens the ZIP file anew, so reads are safe for concurrent use.
/// </remarks>
public sealed class ZipSessionObjects : IReadOnlySessionObjects
{
    private readonly Dictionary<string, long> _entries;

    private ZipSessionObjects(string path, Dictionary<string, long> entries)
    {
        Path = path;
        _entries = entries;
    }

    /// <summary>Gets the ZIP file.</summary>
    public string Path { get; }

    /// <inheritdoc/>
    public string Location => Path;

    /// <summary>Opens a session ZIP file.</summary>
    /// <param name="path">The ZIP file.</param>
    /// <returns>The session's objects.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a ZIP file, or an entry's name is not a valid object name.</exception>
    public static ZipSessionObjects Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"No session ZIP file at '{path}'.", full);
        }

        var entries = new Dictionary<string, long>(StringComparer.Ordinal);
        using (var archive = ZipFile.OpenRead(full))
        {
            foreach (var entry in archive.Entries)
            {
                if (entry.FullName.EndsWith('/'))
                {
                    continue; // a directory entry
                }

                try
                {
                    SessionObjectNames.Validate(entry.FullName);
                }
                catch (ArgumentException ex)
                {
                    throw new InvalidDataException($"The ZIP entry '{entry.FullName}' of '{path}' is not a session object name.", ex);
                }

                entries[entry.FullName] = entry.Length;
            }
        }

        return new ZipSessionObjects(full, entries);
    }

    /// <inheritdoc/>
    public ValueTask<long?> GetLengthAsync(string name, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_entries.TryGetValue(name, out var length) ? length : (long?)null);

    /// <inheritdoc/>
    public async IAsyncEnumerable<SessionObjectInfo> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var (name, length) in _entries.OrderBy(static e => e.Key, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new SessionObjectInfo(name, length);
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask<Stream> OpenReadAsync(string name, long offset = 0, long? length = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (length is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "The length must not be negative.");
        }

        if (!_entries.TryGetValue(name, out var entryLength))
        {
            throw new FileNotFoundException($"The session ZIP '{Path}' has no object '{name}'.", name);
        }

        var end = length is { } l ? Math.Min(offset + l, entryLength) : entryLength;
        var archive = await ZipArchive.CreateAsync(new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.Asynchronous), ZipArchiveMode.Read, leaveOpen: false, entryNameEncoding: null, cancellationToken).ConfigureAwait(false);
        try
        {
            var entry = archive.GetEntry(name) ?? throw new FileNotFoundException($"The session ZIP '{Path}' has no object '{name}'.", name);
            var content = await entry.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (!content.CanSeek)
            {
                // A compressed entry: inflate it up to the range's end and serve the range from memory.
                var buffer = new byte[end];
                await content.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
                await content.DisposeAsync().ConfigureAwait(false);
                await archive.DisposeAsync().ConfigureAwait(false);
                return new RangeReadStream(new MemoryStream(buffer, writable: false), Math.Min(offset, end), end);
            }

            return new RangeReadStream(content, Math.Min(offset, end), end, archive);
        }
        catch
        {
            await archive.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Path;
}
