namespace InterviewLM.Recording.Storage;

/// <summary>Represents one stored session as a set of named objects (<c>metadata.json</c>, the events, <c>index.json</c>, projections), read only.</summary>
/// <remarks>
/// <para>
/// Object names are relative paths with <c>/</c> between parts (for example <c>files/f1.diffs</c>). Every read is a ranged
/// read: a seek asks only for the bytes of the blocks it needs, which is what object storage serves.
/// </para>
/// <para>Implementations are safe for concurrent use; the streams they return are not.</para>
/// </remarks>
public interface IReadOnlySessionObjects
{
    /// <summary>Gets where the session is stored, for messages (a directory, a ZIP file, a URL).</summary>
    string Location { get; }

    /// <summary>Gets the length of an object.</summary>
    /// <param name="name">The object's name.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The length in bytes, or <see langword="null"/> when there is no such object.</returns>
    ValueTask<long?> GetLengthAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Lists the session's objects.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>Every object, in ordinal order of name.</returns>
    IAsyncEnumerable<SessionObjectInfo> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Opens a range of an object for reading.</summary>
    /// <param name="name">The object's name.</param>
    /// <param name="offset">The first byte to read.</param>
    /// <param name="length">The number of bytes to read, or <see langword="null"/> for the rest of the object.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>
    /// A stream of the range. Its <see cref="Stream.Position"/> counts from the object's start (it begins at
    /// <paramref name="offset"/>), its <see cref="Stream.Length"/> is the range's end, and it seeks within the range, so a
    /// codec reads it as it reads the whole object and reports the object's offsets.
    /// </returns>
    /// <exception cref="FileNotFoundException">There is no such object.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="offset"/> or <paramref name="length"/> is negative.</exception>
    ValueTask<Stream> OpenReadAsync(string name, long offset = 0, long? length = null, CancellationToken cancellationToken = default);
}
