using InterviewLM.Recording.SeekIndex;
using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Replay;

/// <summary>Writes and reads a stored session's keyframes and seek index.</summary>
/// <remarks>
/// <para>
/// Keyframes go in their own file next to the events file, in the session's codec (<c>keyframes.jsonl.gz</c> beside
/// <c>events.jsonl.gz</c>, and so on), one keyframe record per block; <c>index.json</c> gains <c>eventsLength</c>,
/// <c>keyframesFile</c> and <c>keyframes</c> (time, event index, byte offset, length) next to the fields Storage writes.
/// The events file is left untouched: its sequence numbers stay contiguous, its event count matches
/// <c>metadata.json</c>, and an archive's footer stays valid.
/// </para>
/// <para>
/// <see cref="LoadAsync"/> rebuilds the keyframes and index from the event stream when they are missing or stale (the
/// events file's length or event count differs from what the index was built for).
/// </para>
/// </remarks>
public static class SessionKeyframes
{
    /// <summary>Gets the keyframes file name for a codec: <c>keyframes</c> plus the events file's extension.</summary>
    /// <param name="codec">The codec.</param>
    /// <returns>The file name.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="codec"/> is <see langword="null"/>.</exception>
    public static string FileNameFor(IEventCodec codec)
    {
        ArgumentNullException.ThrowIfNull(codec);
        var name = codec.FileName;
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return "keyframes" + (dot < 0 ? ".bin" : name[dot..]);
    }

    /// <summary>Folds a stored session, writes its keyframes file and adds the keyframes to <c>index.json</c>.</summary>
    /// <param name="session">The session.</param>
    /// <param name="policy">The placement policy, or <see langword="null"/> for <see cref="KeyframePolicy.Default"/>.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The session's timeline, with the keyframes written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="session"/> is <see langword="null"/>.</exception>
    public static async Task<SessionTimeline> WriteAsync(SessionDirectory session, KeyframePolicy? policy = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var (events, checkpoints) = await ReadEventsAsync(session, cancellationToken).ConfigureAwait(false);
        var timeline = SessionTimeline.Build(events, policy);
        await WriteAsync(session, timeline, checkpoints, cancellationToken).ConfigureAwait(false);
        return timeline;
    }

    /// <summary>Loads a stored session with its keyframes, rebuilding (and, where the directory is writable, rewriting) them when missing or stale.</summary>
    /// <param name="session">The session.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The timeline.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="session"/> is <see langword="null"/>.</exception>
    public static async Task<SessionTimeline> LoadAsync(SessionDirectory session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var index = ReadIndex(session);
        var (events, checkpoints) = await ReadEventsAsync(session, cancellationToken).ConfigureAwait(false);
        var keyframesPath = index is null ? null : Path.Combine(session.Path, index.KeyframesFile);
        if (index is not null && index.IsCurrent(events.Count, new FileInfo(session.EventsPath).Length) && File.Exists(keyframesPath))
        {
            var stored = await ReadKeyframesAsync(session.Codec, keyframesPath!, index, cancellationToken).ConfigureAwait(false);
            if (stored is not null)
            {
                return SessionTimeline.FromStored(events, [.. index.Keyframes], stored);
            }
        }

        var timeline = SessionTimeline.Build(events);
        try
        {
            await WriteAsync(session, timeline, checkpoints, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A read-only session still answers, from keyframes built in memory.
        }

        return timeline;
    }

    /// <summary>Reads the seek index from <c>index.json</c>.</summary>
    /// <param name="session">The session.</param>
    /// <returns>The index, or <see langword="null"/> when it is missing, unreadable or has no keyframes section.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="session"/> is <see langword="null"/>.</exception>
    public static SessionSeekIndex? ReadIndex(SessionDirectory session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var path = Path.Combine(session.Path, SessionDirectory.IndexFileName);
        return File.Exists(path) ? SessionSeekIndex.TryParse(File.ReadAllBytes(path)) : null;
    }

    private static async Task WriteAsync(SessionDirectory session, SessionTimeline timeline, List<SeekCheckpoint> checkpoints, CancellationToken cancellationToken)
    {
        var fileName = FileNameFor(session.Codec);
        var target = Path.Combine(session.Path, fileName);
        var temporary = target + ".tmp";
        var locations = new List<KeyframeLocation>(timeline.Keyframes.Count);
        var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            var writer = session.Codec.CreateWriter(stream);
            await using (writer.ConfigureAwait(false))
            {
                foreach (var keyframe in timeline.Keyframes)
                {
                    var last = timeline.Events[(int)keyframe.EventIndex - 1];
                    var record = new RecordedEvent(last.Sequence, keyframe.Time, KeyframeEvent.Create(timeline.GetKeyframeBytes(keyframe.Number)));
                    var block = await writer.WriteBlockAsync(new[] { record }, cancellationToken).ConfigureAwait(false);
                    locations.Add(keyframe with { Offset = block.Offset, Length = block.Length });
                }

                await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        File.Move(temporary, target, overwrite: true);
        var indexPath = Path.Combine(session.Path, SessionDirectory.IndexFileName);
        var existing = File.Exists(indexPath) ? await File.ReadAllBytesAsync(indexPath, cancellationToken).ConfigureAwait(false) : [];
        var index = new SessionSeekIndex(timeline.Events.Count, new FileInfo(session.EventsPath).Length, checkpoints, fileName, locations);
        await File.WriteAllBytesAsync(indexPath + ".tmp", index.ToJson(existing), cancellationToken).ConfigureAwait(false);
        File.Move(indexPath + ".tmp", indexPath, overwrite: true);
    }

    private static async Task<(List<RecordedEvent> Events, List<SeekCheckpoint> Checkpoints)> ReadEventsAsync(SessionDirectory session, CancellationToken cancellationToken)
    {
        var events = new List<RecordedEvent>();
        var statistics = new SessionStatistics();
        await foreach (var result in session.ReadBlocksAsync(cancellationToken).ConfigureAwait(false))
        {
            if (result.Block is not { } block)
            {
                continue;
            }

            statistics.BeginBlock(block.Location.Offset);
            foreach (var recorded in block.Events)
            {
                if (!KeyframeEvent.IsKeyframe(recorded.Event))
                {
                    events.Add(recorded);
                    statistics.Add(recorded);
                }
            }
        }

        var checkpoints = statistics.Checkpoints
            .Select(c => new SeekCheckpoint(c.Time, c.Timestamp.ToUnixTimeMilliseconds(), c.Offset, c.EventIndex, c.Description))
            .ToList();
        return (events, checkpoints);
    }

    private static async Task<List<byte[]>?> ReadKeyframesAsync(IEventCodec codec, string path, SessionSeekIndex index, CancellationToken cancellationToken)
    {
        var states = new List<byte[]>(index.Keyframes.Count);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (stream.ConfigureAwait(false))
        {
            await foreach (var result in codec.ReadAsync(stream, cancellationToken).ConfigureAwait(false))
            {
                if (result.Block is not { } block)
                {
                    return null;
                }

                foreach (var recorded in block.Events)
                {
                    if (!KeyframeEvent.TryGetState(recorded.Event, out var state))
                    {
                        return null;
                    }

                    states.Add(state);
                }
            }
        }

        return states.Count == index.Keyframes.Count ? states : null;
    }
}
