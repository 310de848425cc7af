namespace InterviewLM.Recording.Storage;

/// <summary>Represents a format for a session's event stream: how blocks of events become bytes and back.</summary>
/// <remarks>
/// Codecs are stateless and safe for concurrent use; the writers and readers they create are not.
/// Every codec frames events in blocks, so a reader can recover every whole block before a torn or corrupt one.
/// </remarks>
public interface IEventCodec
{
    /// <summary>Gets the codec's name, as used on the command line and in <c>metadata.json</c> (for example <c>jsonl-gz</c>).</summary>
    string Name { get; }

    /// <summary>Gets the events file name this codec uses in a session directory (for example <c>events.jsonl.gz</c>).</summary>
    string FileName { get; }

    /// <summary>Returns whether a stream that starts with <paramref name="prefix"/> is in this codec's format.</summary>
    /// <param name="prefix">The first bytes of the stream (up to 16; fewer if the stream is shorter).</param>
    /// <returns><see langword="true"/> when this codec reads the stream.</returns>
    bool IsMatch(ReadOnlySpan<byte> prefix);

    /// <summary>Creates a writer that appends blocks to <paramref name="destination"/>.</summary>
    /// <param name="destination">The stream, positioned where the first block goes; the writer does not own it.</param>
    /// <returns>The writer.</returns>
    IEventBlockWriter CreateWriter(Stream destination);

    /// <summary>Reads every block of <paramref name="source"/> from its current position, reporting damage instead of throwing.</summary>
    /// <param name="source">The stream, positioned at its start, or at the first byte of a block (an offset from the index) to read from there on; offsets reported are the stream's positions.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The blocks (events and keyframes) and the damage found, in stream order.</returns>
    IAsyncEnumerable<BlockReadResult> ReadAsync(Stream source, CancellationToken cancellationToken = default);
}
