namespace InterviewLM.Recording.Storage;

/// <summary>Represents one stored session as a set of named objects that can be written: an append stream for the events, atomic replace for the rest.</summary>
/// <remarks>Implementations are safe for concurrent use on different objects; one object has one writer at a time.</remarks>
public interface ISessionObjects : IReadOnlySessionObjects
{
    /// <summary>Opens an object for appending, creating it when it does not exist.</summary>
    /// <param name="name">The object's name.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>
    /// A write-only stream positioned at the object's end. <see cref="Stream.FlushAsync(CancellationToken)"/> makes what
    /// was written so far readable and as durable as the store is configured to be; the writer flushes after every whole
    /// block, so what is stored is always readable. Disposing the stream flushes it.
    /// </returns>
    ValueTask<Stream> OpenAppendAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Writes an object whole, replacing it atomically: readers see the old object or the new one, never part of either.</summary>
    /// <param name="name">The object's name.</param>
    /// <param name="write">Writes the new content to the stream it is given; when it throws, the old object stays.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the new object is in place.</returns>
    ValueTask ReplaceAsync(string name, Func<Stream, CancellationToken, ValueTask> write, CancellationToken cancellationToken = default);

    /// <summary>Deletes an object, if it exists.</summary>
    /// <param name="name">The object's name.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the object is gone.</returns>
    ValueTask DeleteAsync(string name, CancellationToken cancellationToken = default);
}
