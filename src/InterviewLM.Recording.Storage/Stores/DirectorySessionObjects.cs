using System.Runtime.CompilerServices;

namespace InterviewLM.Recording.Storage;

/// <summary>Represents a session stored as a directory: each object is a file under it (the seed's layout).</summary>
/// <remarks>Objects are replaced by writing a temporary file beside them and renaming it over them.</remarks>
public sealed class DirectorySessionObjects : ISessionObjects
{
    private const string TemporarySuffix = ".tmp";
    private readonly bool _durable;

    private DirectorySessionObjects(string path, bool durable)
    {
        Path = path;
        _durable = durable;
    }

    /// <summary>Gets the directory.</summary>
    public string Path { get; }

    /// <inheritdoc/>
    public string Location => Path;

    /// <summary>Opens the session stored in an existing directory.</summary>
    /// <param name="path">The directory.</param>
    /// <param name="options">The settings, or <see langword="null"/> for the defaults.</param>
    /// <returns>The session's objects.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    public static DirectorySessionObjects Open(string path, DirectorySessionStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = System.IO.Path.GetFullPath(path);
        return Directory.Exists(full)
            ? new DirectorySessionObjects(full, options?.DurableWrites ?? false)
            : throw new DirectoryNotFoundException($"No session directory at '{path}'.");
    }

    /// <summary>Creates a directory for a new session.</summary>
    /// <param name="path">The directory; it must not exist or must be empty.</param>
    /// <param name="options">The settings, or <see langword="null"/> for the defaults.</param>
    /// <returns>The session's objects.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="IOException">The directory exists and is not empty.</exception>
    public static DirectorySessionObjects Create(string path, DirectorySessionStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any())
        {
            throw new IOException($"'{path}' already exists and is not empty; a session is recorded into a new directory.");
        }

        Directory.CreateDirectory(full);
        return new DirectorySessionObjects(full, options?.DurableWrites ?? false);
    }

    /// <inheritdoc/>
    public ValueTask<long?> GetLengthAsync(string name, CancellationToken cancellationToken = default)
    {
        var file = new FileInfo(PathOf(name));
        return ValueTask.FromResult(file.Exists ? file.Length : (long?)null);
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<SessionObjectInfo> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var files = new DirectoryInfo(Path).EnumerateFiles("*", SearchOption.AllDirectories)
            .Where(static f => !f.Name.EndsWith(TemporarySuffix, StringComparison.Ordinal))
            .Select(f => new SessionObjectInfo(System.IO.Path.GetRelativePath(Path, f.FullName).Replace(System.IO.Path.DirectorySeparatorChar, '/'), f.Length))
            .OrderBy(static f => f.Name, StringComparer.Ordinal)
            .ToList();
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return file;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public ValueTask<Stream> OpenReadAsync(string name, long offset = 0, long? length = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (length is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "The length must not be negative.");
        }

        var path = PathOf(name);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The session at '{Path}' has no object '{name}'.", path);
        }

        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.Asynchronous);
        var end = length is { } l ? Math.Min(offset + l, file.Length) : file.Length;
        return ValueTask.FromResult<Stream>(new RangeReadStream(file, Math.Min(offset, end), end));
    }

    /// <inheritdoc/>
    public ValueTask<Stream> OpenAppendAsync(string name, CancellationToken cancellationToken = default)
    {
        var path = PathOf(name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        return ValueTask.FromResult<Stream>(new AppendFileStream(path, _durable));
    }

    /// <inheritdoc/>
    public async ValueTask ReplaceAsync(string name, Func<Stream, CancellationToken, ValueTask> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        var target = PathOf(name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
        var temporary = target + TemporarySuffix;
        try
        {
            var output = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous);
            await using (output.ConfigureAwait(false))
            {
                await write(output, cancellationToken).ConfigureAwait(false);
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (_durable)
                {
                    output.Flush(flushToDisk: true);
                }
            }

            File.Move(temporary, target, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <inheritdoc/>
    public ValueTask DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        File.Delete(PathOf(name));
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public override string ToString() => Path;

    private string PathOf(string name)
    {
        SessionObjectNames.Validate(name);
        return System.IO.Path.Combine(Path, name.Replace('/', System.IO.Path.DirectorySeparatorChar));
    }

    // An append stream whose flush reaches the operating system, and the disk when the store is durable.
    private sealed class AppendFileStream(string path, bool durable)
        : FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 1, FileOptions.Asynchronous)
    {
        public override void Flush()
        {
            base.Flush(flushToDisk: durable);
        }

        public override async Task FlushAsync(CancellationToken cancellationToken)
        {
            await base.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (durable)
            {
                base.Flush(flushToDisk: true);
            }
        }
    }
}
