namespace InterviewLM.Recording.Storage;

/// <summary>Provides conveniences over <see cref="IReadOnlySessionObjects"/> and <see cref="ISessionObjects"/>.</summary>
public static class SessionObjectsExtensions
{
    /// <summary>Replaces an object with the given bytes, atomically.</summary>
    /// <param name="objects">The session's objects.</param>
    /// <param name="name">The object's name.</param>
    /// <param name="content">The new content.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the new object is in place.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="objects"/> is <see langword="null"/>.</exception>
    public static ValueTask ReplaceAsync(this ISessionObjects objects, string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objects);
        return objects.ReplaceAsync(name, (stream, ct) => stream.WriteAsync(content, ct), cancellationToken);
    }

    /// <summary>Reads a whole object.</summary>
    /// <param name="objects">The session's objects.</param>
    /// <param name="name">The object's name.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The content, or <see langword="null"/> when there is no such object.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="objects"/> is <see langword="null"/>.</exception>
    public static ValueTask<byte[]?> ReadAllBytesAsync(this IReadOnlySessionObjects objects, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objects);
        return StoredSession.TryReadAllAsync(objects, name, cancellationToken);
    }
}
