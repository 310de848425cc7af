using System.Runtime.CompilerServices;

namespace InterviewLM.Recording.Storage;

/// <summary>Represents the embedded default store: one directory per session under a root directory.</summary>
public sealed class DirectorySessionStore : ISessionStore
{
    private readonly DirectorySessionStoreOptions _options;

    /// <summary>Initializes a new instance of the <see cref="DirectorySessionStore"/> class.</summary>
    /// <param name="root">The root directory; it is created when the first session is.</param>
    /// <param name="options">The settings, or <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="root"/> is <see langword="null"/>.</exception>
    public DirectorySessionStore(string root, DirectorySessionStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        Root = Path.GetFullPath(root);
        _options = options ?? new DirectorySessionStoreOptions();
    }

    /// <summary>Gets the root directory.</summary>
    public string Root { get; }

    /// <inheritdoc/>
    public ValueTask<ISessionObjects> CreateAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        SessionObjectNames.ValidateSessionId(sessionId);
        var path = Path.Combine(Root, sessionId);
        if (Directory.Exists(path) && Directory.EnumerateFileSystemEntries(path).Any())
        {
            throw new IOException($"The store at '{Root}' holds a session '{sessionId}' already.");
        }

        return ValueTask.FromResult<ISessionObjects>(DirectorySessionObjects.Create(path, _options));
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlySessionObjects> OpenAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        SessionObjectNames.ValidateSessionId(sessionId);
        var path = Path.Combine(Root, sessionId);
        return Directory.Exists(path)
            ? ValueTask.FromResult<IReadOnlySessionObjects>(DirectorySessionObjects.Open(path, _options))
            : throw new DirectoryNotFoundException($"The store at '{Root}' holds no session '{sessionId}'.");
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<string> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(Root))
        {
            yield break;
        }

        foreach (var name in Directory.EnumerateDirectories(Root).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return name!;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public ValueTask<bool> DeleteAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        SessionObjectNames.ValidateSessionId(sessionId);
        var path = Path.Combine(Root, sessionId);
        if (!Directory.Exists(path))
        {
            return ValueTask.FromResult(false);
        }

        Directory.Delete(path, recursive: true);
        return ValueTask.FromResult(true);
    }
}
