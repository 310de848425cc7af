using System.Runtime.CompilerServices;

namespace InterviewLM.Recording.Storage;

/// <summary>Represents a stored session opened for reading: its metadata, its events in their codec, and its index.</summary>
/// <remarks>
/// <para>
/// Works on any <see cref="IReadOnlySessionObjects"/> (a directory, a ZIP file, memory, object storage). Opening reads
/// <c>metadata.json</c> when present and recognizes the events object's codec from its first bytes, so a session left by a
/// crash opens too. Nothing here writes, except <see cref="RebuildIndexAsync"/>, which says so.
/// </para>
/// <para>Safe for concurrent reads.</para>
/// </remarks>
public sealed class StoredSession
{
    private StoredSession(IReadOnlySessionObjects objects, string eventsObjectName, IEventCodec codec, SessionMetadata? metadata, string? metadataError)
    {
        Objects = objects;
        EventsObjectName = eventsObjectName;
        Codec = codec;
        Metadata = metadata;
        MetadataError = metadataError;
    }

    /// <summary>Gets the session's objects.</summary>
    public IReadOnlySessionObjects Objects { get; }

    /// <summary>Gets where the session is stored, for messages.</summary>
    public string Location => Objects.Location;

    /// <summary>Gets the name of the events object (for example <c>events.jsonl.gz</c>).</summary>
    public string EventsObjectName { get; }

    /// <summary>Gets the events object's codec, recognized from its first bytes.</summary>
    public IEventCodec Codec { get; }

    /// <summary>Gets the metadata, or <see langword="null"/> when <c>metadata.json</c> is missing or unreadable.</summary>
    public SessionMetadata? Metadata { get; }

    /// <summary>Gets why <c>metadata.json</c> could not be read, when it could not.</summary>
    public string? MetadataError { get; }

    /// <summary>Opens a stored session for reading.</summary>
    /// <param name="objects">The session's objects.</param>
    /// <param name="codecs">The codecs to recognize the events object with, or <see langword="null"/> for <see cref="EventCodecs.Default"/>.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The session.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="objects"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidDataException">The session holds no events object, or one in no known format.</exception>
    public static async ValueTask<StoredSession> OpenAsync(IReadOnlySessionObjects objects, EventCodecs? codecs = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objects);
        codecs ??= EventCodecs.Default;
        SessionMetadata? metadata = null;
        string? metadataError = null;
        var content = await TryReadAllAsync(objects, SessionObjectNames.Metadata, cancellationToken).ConfigureAwait(false);
        if (content is null)
        {
            metadataError = "metadata.json is missing";
        }
        else
        {
            try
            {
                metadata = SessionJson.ReadMetadata(content);
            }
            catch (InvalidDataException ex)
            {
                metadataError = ex.Message;
            }
        }

        string? eventsName = null;
        var named = metadata is null ? null : codecs.All.FirstOrDefault(c => string.Equals(c.Name, metadata.Codec, StringComparison.OrdinalIgnoreCase));
        if (named is not null && await objects.GetLengthAsync(named.FileName, cancellationToken).ConfigureAwait(false) is not null)
        {
            eventsName = named.FileName;
        }
        else
        {
            foreach (var codec in codecs.All)
            {
                if (await objects.GetLengthAsync(codec.FileName, cancellationToken).ConfigureAwait(false) is not null)
                {
                    eventsName = codec.FileName;
                    break;
                }
            }
        }

        if (eventsName is null)
        {
            throw new InvalidDataException($"'{objects.Location}' holds no events file ({string.Join(", ", codecs.All.Select(c => c.FileName).Distinct())}).");
        }

        var prefix = new byte[16];
        int read;
        var stream = await objects.OpenReadAsync(eventsName, 0, prefix.Length, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            read = await stream.ReadAtLeastAsync(prefix, prefix.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        }

        var detected = codecs.Detect(prefix.AsSpan(0, read))
            ?? throw new InvalidDataException($"'{eventsName}' in '{objects.Location}' is in no known event format (first bytes {Convert.ToHexString(prefix, 0, read)}).");
        return new StoredSession(objects, eventsName, detected, metadata, metadataError);
    }

    /// <summary>Gets the length of the events object.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The length in bytes.</returns>
    public async ValueTask<long> GetEventsLengthAsync(CancellationToken cancellationToken = default) =>
        await Objects.GetLengthAsync(EventsObjectName, cancellationToken).ConfigureAwait(false) ?? 0;

    /// <summary>Gets the total size of the session's objects, in bytes.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The size.</returns>
    public async ValueTask<long> GetTotalSizeAsync(CancellationToken cancellationToken = default)
    {
        long total = 0;
        await foreach (var item in Objects.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            total += item.Length;
        }

        return total;
    }

    /// <summary>Reads <c>index.json</c>, if present and readable.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The index, or <see langword="null"/>.</returns>
    public async ValueTask<SessionIndex?> ReadIndexAsync(CancellationToken cancellationToken = default)
    {
        var content = await TryReadAllAsync(Objects, SessionObjectNames.Index, cancellationToken).ConfigureAwait(false);
        try
        {
            return content is null ? null : SessionJson.ReadIndex(content);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>Reads <c>index.json</c> when it describes the events object as it is, otherwise builds the index from the events in memory (writing nothing).</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The index.</returns>
    public async ValueTask<SessionIndex> ReadCurrentIndexAsync(CancellationToken cancellationToken = default)
    {
        var index = await ReadIndexAsync(cancellationToken).ConfigureAwait(false);
        return index is not null && index.IsCurrentFor(await GetEventsLengthAsync(cancellationToken).ConfigureAwait(false))
            ? index
            : await BuildIndexAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Builds the index from the events object, in memory; nothing is written.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The index. Damaged blocks are left out; keyframe blocks are listed.</returns>
    public async Task<SessionIndex> BuildIndexAsync(CancellationToken cancellationToken = default)
    {
        var builder = new SessionIndexBuilder();
        await foreach (var result in ReadBlocksAsync(cancellationToken).ConfigureAwait(false))
        {
            if (result.Keyframe is { } keyframe)
            {
                builder.AddKeyframe(keyframe.Location);
            }
            else if (result.Block is { } block)
            {
                builder.AddEvents(block.Location, block.Events);
            }
        }

        return builder.Build(await GetEventsLengthAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Builds the index from the events object and writes it as <c>index.json</c> (the explicit repair of a missing or stale index).</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The index written.</returns>
    /// <exception cref="NotSupportedException">The session's objects are read only.</exception>
    public async Task<SessionIndex> RebuildIndexAsync(CancellationToken cancellationToken = default)
    {
        var writable = Objects as ISessionObjects ?? throw new NotSupportedException($"'{Location}' is read only; its index cannot be rewritten.");
        var index = await BuildIndexAsync(cancellationToken).ConfigureAwait(false);
        await writable.ReplaceAsync(SessionObjectNames.Index, SessionJson.WriteIndex(index), cancellationToken).ConfigureAwait(false);
        return index;
    }

    /// <summary>Reads every block of the events object, reporting damage in place of blocks that cannot be read.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The blocks and damage, in stream order.</returns>
    public async IAsyncEnumerable<BlockReadResult> ReadBlocksAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var stream = await Objects.OpenReadAsync(EventsObjectName, 0, null, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            await foreach (var result in Codec.ReadAsync(stream, cancellationToken).ConfigureAwait(false))
            {
                yield return result;
            }
        }
    }

    /// <summary>Reads one block (events or keyframe) at a known location, reading only its bytes.</summary>
    /// <param name="location">The block's location, from the index.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The block, or the damage found in its place.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The location's offset or length is negative.</exception>
    public async ValueTask<BlockReadResult> ReadBlockAsync(BlockLocation location, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(location.Offset);
        ArgumentOutOfRangeException.ThrowIfNegative(location.Length);
        var stream = await Objects.OpenReadAsync(EventsObjectName, location.Offset, location.Length, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            await foreach (var result in Codec.ReadAsync(stream, cancellationToken).ConfigureAwait(false))
            {
                if ((result.Block?.Location ?? result.Keyframe?.Location) is { } found && found.Offset != location.Offset)
                {
                    break;
                }

                return result;
            }
        }

        return BlockReadResult.FromDamage(new BlockDamage(location.Index, location.Offset, location.Length, BlockDamageKind.Malformed,
            $"no whole block of {location.Length} bytes is at byte offset {location.Offset}, where the index places block {location.Index}"));
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

    /// <inheritdoc/>
    public override string ToString() => Location;

    internal static async ValueTask<byte[]?> TryReadAllAsync(IReadOnlySessionObjects objects, string name, CancellationToken cancellationToken)
    {
        if (await objects.GetLengthAsync(name, cancellationToken).ConfigureAwait(false) is null)
        {
            return null;
        }

        try
        {
            var stream = await objects.OpenReadAsync(name, 0, null, cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                using var buffer = new MemoryStream();
                await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
                return buffer.ToArray();
            }
        }
        catch (FileNotFoundException)
        {
            return null; // deleted between the two calls
        }
    }
}
