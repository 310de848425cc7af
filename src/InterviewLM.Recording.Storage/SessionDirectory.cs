using System.Runtime.CompilerServices;

namespace InterviewLM.Recording.Storage;

/// <summary>Represents a stored session: a directory with <c>metadata.json</c>, the events file, <c>index.json</c> and projections.</summary>
/// <remarks>Opening reads <c>metadata.json</c> when present and recognizes the events file's codec from its first bytes, so a session left by a crash opens too.</remarks>
public sealed class SessionDirectory
{
    /// <summary>The metadata file name.</summary>
    public const string MetadataFileName = "metadata.json";

    /// <summary>The index file name.</summary>
    public const string IndexFileName = "index.json";

    private SessionDirectory(string path, string eventsPath, IEventCodec codec, SessionMetadata? metadata, string? metadataError)
    {
        Path = path;
        EventsPath = eventsPath;
        Codec = codec;
        Metadata = metadata;
        MetadataError = metadataError;
    }

    /// <summary>Gets the directory.</summary>
    public string Path { get; }

    /// <summary>Gets the events file.</summary>
    public string EventsPath { get; }

    /// <summary>Gets the events file's codec, recognized from its first bytes.</summary>
    public IEventCodec Codec { get; }

    /// <summary>Gets the metadata, or <see langword="null"/> when <c>metadata.json</c> is missing or unreadable.</summary>
    public SessionMetadata? Metadata { get; }

    /// <summary>Gets why <c>metadata.json</c> could not be read, when it could not.</summary>
    public string? MetadataError { get; }

    /// <summary>Creates a session directory and returns the sink a <see cref="SessionRecorder"/> records into.</summary>
    /// <param name="path">The directory; it must not exist or must be empty.</param>
    /// <param name="options">The settings, or <see langword="null"/> for the defaults.</param>
    /// <returns>The sink.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="IOException">The directory exists and is not empty.</exception>
    public static SessionDirectorySink Create(string path, SessionDirectoryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        return SessionDirectorySink.Create(path, options ?? new SessionDirectoryOptions());
    }

    /// <summary>Opens a stored session.</summary>
    /// <param name="path">The directory.</param>
    /// <param name="codecs">The codecs to recognize the events file with, or <see langword="null"/> for <see cref="EventCodecs.Default"/>.</param>
    /// <returns>The session.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="InvalidDataException">The directory holds no events file, or one in no known format.</exception>
    public static SessionDirectory Open(string path, EventCodecs? codecs = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        codecs ??= EventCodecs.Default;
        if (!Directory.Exists(path))
        {
            throw new DirectoryNotFoundException($"No session directory at '{path}'.");
        }

        SessionMetadata? metadata = null;
        string? metadataError = null;
        var metadataPath = System.IO.Path.Combine(path, MetadataFileName);
        if (File.Exists(metadataPath))
        {
            try
            {
                metadata = SessionJson.ReadMetadata(File.ReadAllBytes(metadataPath));
            }
            catch (InvalidDataException ex)
            {
                metadataError = ex.Message;
            }
        }
        else
        {
            metadataError = "metadata.json is missing";
        }

        var eventsPath = FindEventsFile(path, metadata, codecs)
            ?? throw new InvalidDataException($"'{path}' holds no events file (events.jsonl, events.jsonl.gz, …).");
        return new SessionDirectory(path, eventsPath, codecs.Detect(eventsPath), metadata, metadataError);
    }

    /// <summary>Reads <c>index.json</c>, if present and readable.</summary>
    /// <returns>The index, or <see langword="null"/>.</returns>
    public SessionIndex? TryReadIndex()
    {
        var indexPath = System.IO.Path.Combine(Path, IndexFileName);
        try
        {
            return File.Exists(indexPath) ? SessionJson.ReadIndex(File.ReadAllBytes(indexPath)) : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>Reads every block of the events file, reporting damage in place of blocks that cannot be read.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The blocks and damage, in file order.</returns>
    public async IAsyncEnumerable<BlockReadResult> ReadBlocksAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var stream = new FileStream(EventsPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (stream.ConfigureAwait(false))
        {
            await foreach (var result in Codec.ReadAsync(stream, cancellationToken).ConfigureAwait(false))
            {
                yield return result;
            }
        }
    }

    /// <summary>Reads every event of every whole block, skipping damage (use <see cref="ReadBlocksAsync"/> to see it).</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The events, in order.</returns>
    public async IAsyncEnumerable<RecordedEvent> ReadEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var result in ReadBlocksAsync(cancellationToken).ConfigureAwait(false))
        {
            if (result.Block is { } block)
            {
                foreach (var recorded in block.Events)
                {
                    yield return recorded;
                }
            }
        }
    }

    /// <summary>Reads the blocks of the events file from a block's offset (taken from <c>index.json</c>) on.</summary>
    /// <param name="offset">The byte offset of a block's first byte.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The blocks and damage from there, in file order; stop enumerating when you have what you need.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="offset"/> is negative.</exception>
    public async IAsyncEnumerable<BlockReadResult> ReadBlocksFromAsync(long offset, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var stream = new FileStream(EventsPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            stream.Position = offset;
            await foreach (var result in Codec.ReadAsync(stream, cancellationToken).ConfigureAwait(false))
            {
                yield return result;
            }
        }
    }

    /// <summary>Rebuilds <c>index.json</c> from the events file (for a missing or stale index) and writes it.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The index written.</returns>
    /// <remarks>Damaged blocks are left out of the index; keyframe blocks found in the file are listed.</remarks>
    public async Task<SessionIndex> RebuildIndexAsync(CancellationToken cancellationToken = default)
    {
        var statistics = new SessionStatistics();
        var blocks = new List<BlockLocation>();
        await foreach (var result in ReadBlocksAsync(cancellationToken).ConfigureAwait(false))
        {
            if (result.Keyframe is { } keyframe)
            {
                blocks.Add(keyframe.Location);
            }
            else if (result.Block is { } block)
            {
                blocks.Add(block.Location);
                statistics.BeginBlock(block.Location.Offset);
                foreach (var recorded in block.Events)
                {
                    statistics.Add(recorded);
                }
            }
        }

        var index = new SessionIndex(SessionIndex.CurrentVersion, statistics.EventCount, statistics.Checkpoints, blocks) { EventsLength = new FileInfo(EventsPath).Length };
        await WriteAtomicallyAsync(IndexFileName, SessionJson.WriteIndex(index), cancellationToken).ConfigureAwait(false);
        return index;
    }

    /// <summary>Rewrites the events file in its codec with keyframe blocks where <paramref name="keyframes"/> places them (dropping any it held), then rewrites <c>index.json</c>.</summary>
    /// <param name="keyframes">A new builder for this session's fold.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The new index.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="keyframes"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidDataException">The events file is damaged; it is left as it is, so nothing is lost.</exception>
    /// <remarks>The new file is written beside the old one, forced to disk and renamed over it, so a crash leaves one or the other whole.</remarks>
    public async Task<SessionIndex> AddKeyframesAsync(IKeyframeBuilder keyframes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keyframes);
        var temporary = EventsPath + ".keyframing";
        var statistics = new SessionStatistics();
        KeyframingBlockWriter blocks;
        long length;
        try
        {
            var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                var writer = Codec.CreateWriter(stream);
                await using (writer.ConfigureAwait(false))
                {
                    blocks = new KeyframingBlockWriter(writer, keyframes, statistics);
                    await foreach (var result in ReadBlocksAsync(cancellationToken).ConfigureAwait(false))
                    {
                        if (result.Damage is { } damage)
                        {
                            throw new InvalidDataException($"The events file is damaged ({damage}); keyframes are added only to a whole file, so nothing is lost. Run ilmrec verify.");
                        }

                        if (result.Block is { } block)
                        {
                            await blocks.WriteAsync(block.Events as RecordedEvent[] ?? [.. block.Events], null, cancellationToken).ConfigureAwait(false);
                        }
                    }

                    await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
                }

                stream.Flush(flushToDisk: true);
                length = stream.Length;
            }
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }

        File.Move(temporary, EventsPath, overwrite: true);
        var index = new SessionIndex(SessionIndex.CurrentVersion, statistics.EventCount, statistics.Checkpoints, blocks.Blocks) { EventsLength = length };
        await WriteAtomicallyAsync(IndexFileName, SessionJson.WriteIndex(index), cancellationToken).ConfigureAwait(false);
        return index;
    }

    /// <summary>Gets the total size of the directory's files, in bytes.</summary>
    /// <returns>The size.</returns>
    public long GetTotalSize() => new DirectoryInfo(Path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);

    private async Task WriteAtomicallyAsync(string name, byte[] content, CancellationToken cancellationToken)
    {
        var target = System.IO.Path.Combine(Path, name);
        var temporary = target + ".tmp";
        await File.WriteAllBytesAsync(temporary, content, cancellationToken).ConfigureAwait(false);
        File.Move(temporary, target, overwrite: true);
    }

    private static string? FindEventsFile(string path, SessionMetadata? metadata, EventCodecs codecs)
    {
        if (metadata is not null)
        {
            var named = codecs.All.FirstOrDefault(c => string.Equals(c.Name, metadata.Codec, StringComparison.OrdinalIgnoreCase));
            if (named is not null && File.Exists(System.IO.Path.Combine(path, named.FileName)))
            {
                return System.IO.Path.Combine(path, named.FileName);
            }
        }

        return codecs.All.Select(c => System.IO.Path.Combine(path, c.FileName)).FirstOrDefault(File.Exists);
    }
}
