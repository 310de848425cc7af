namespace InterviewLM.Recording.Storage.Protobuf;

/// <summary>Converts a session directory from any codec to any codec, event for event, and finalizes live recordings into the archive codec.</summary>
public static class SessionConverter
{
    /// <summary>Gets the default codecs: those of <see cref="EventCodecs.Default"/> and the archive codec.</summary>
    public static EventCodecs AllCodecs { get; } = EventCodecs.Default.With(ProtobufBrotliCodec.Instance);

    /// <summary>Writes the session in <paramref name="sourceDirectory"/> into a new directory with another events codec.</summary>
    /// <param name="sourceDirectory">The session to read (any codec the registry detects).</param>
    /// <param name="targetDirectory">The directory to create; it must not exist or be empty.</param>
    /// <param name="codec">The codec to write.</param>
    /// <param name="options">Conversion options.</param>
    /// <param name="cancellationToken">A token to cancel the conversion.</param>
    /// <returns>What was written.</returns>
    /// <exception cref="InvalidDataException">The source is damaged and <see cref="SessionConversionOptions.SkipDamage"/> is off.</exception>
    public static async Task<SessionConversionResult> ConvertAsync(string sourceDirectory, string targetDirectory, IEventCodec codec, SessionConversionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sourceDirectory);
        ArgumentNullException.ThrowIfNull(targetDirectory);
        ArgumentNullException.ThrowIfNull(codec);
        options ??= new SessionConversionOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxBlockEvents);
        var source = SessionDirectory.Open(sourceDirectory, (options.Codecs ?? AllCodecs).With(codec));
        if (Path.GetFullPath(sourceDirectory).TrimEnd(Path.DirectorySeparatorChar) == Path.GetFullPath(targetDirectory).TrimEnd(Path.DirectorySeparatorChar))
        {
            throw new ArgumentException("The target directory must differ from the source.", nameof(targetDirectory));
        }

        var sinkOptions = new SessionDirectoryOptions
        {
            Codec = codec,
            AssessmentId = source.Metadata?.AssessmentId,
            CandidateId = source.Metadata?.CandidateId,
            Keyframes = options.Keyframes,
        };
        foreach (var (key, value) in source.Metadata?.Environment ?? new Dictionary<string, string>())
        {
            sinkOptions.Environment[key] = value;
        }

        long events = 0;
        var blocks = 0;
        var damaged = 0;
        var keyframes = new Queue<KeyframeBlock>();
        long written = 0; // the sequence number after the last event written
        var sink = SessionDirectory.Create(targetDirectory, sinkOptions);
        await using (sink.ConfigureAwait(false))
        {
            var pending = new List<RecordedEvent>();
            await foreach (var result in source.ReadBlocksAsync(cancellationToken).ConfigureAwait(false))
            {
                if (result.Keyframe is { } keyframe)
                {
                    // No fold to place new keyframes: carry the source's over, each after the block that holds the event
                    // it follows (never cutting a block for it).
                    if (sinkOptions.Keyframes is null)
                    {
                        keyframes.Enqueue(keyframe);
                        await WriteDueKeyframesAsync().ConfigureAwait(false);
                    }

                    continue;
                }

                if (result.Block is not { } block)
                {
                    if (!options.SkipDamage)
                    {
                        throw new InvalidDataException($"The source session is damaged: {result.Damage}. Run ilmrec verify, or convert with damage skipped.");
                    }

                    damaged++;
                    continue;
                }

                if (options.MaxBlockEvents == 0)
                {
                    await WriteAsync([.. block.Events]).ConfigureAwait(false);
                    continue;
                }

                foreach (var recorded in block.Events)
                {
                    pending.Add(recorded);
                    if (pending.Count == options.MaxBlockEvents)
                    {
                        await WriteAsync([.. pending]).ConfigureAwait(false);
                        pending.Clear();
                    }
                }
            }

            if (pending.Count > 0)
            {
                await WriteAsync([.. pending]).ConfigureAwait(false);
            }

            if (keyframes.Count > 0)
            {
                throw new InvalidDataException($"The source's keyframe for the state before event {keyframes.Peek().Location.FirstSequence} follows no event it holds.");
            }

            await sink.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        // Projections and other files the sink did not write (e.g. files/ snapshots) are copied as they are.
        CopyMissing(sourceDirectory, targetDirectory, source.EventsPath);
        return new SessionConversionResult(events, blocks, damaged, new FileInfo(Path.Combine(targetDirectory, codec.FileName)).Length);

        async Task WriteAsync(RecordedEvent[] block)
        {
            await sink.WriteAsync(block, cancellationToken).ConfigureAwait(false);
            events += block.Length;
            blocks++;
            written = block[^1].Sequence + 1;
            await WriteDueKeyframesAsync().ConfigureAwait(false);
        }

        async Task WriteDueKeyframesAsync()
        {
            while (keyframes.TryPeek(out var keyframe) && keyframe.Location.FirstSequence <= written)
            {
                await sink.WriteKeyframeAsync(keyframes.Dequeue().Location.FirstSequence, keyframe.Location.FirstTime, keyframe.State, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Replaces a completed session's events file with the archive codec (or <paramref name="codec"/>), keeping everything else.</summary>
    /// <param name="directory">The session directory.</param>
    /// <param name="codec">The codec to convert to; <see cref="ProtobufBrotliCodec.Instance"/> when <see langword="null"/>.</param>
    /// <param name="options">Conversion options.</param>
    /// <param name="cancellationToken">A token to cancel the conversion.</param>
    /// <returns>What was written.</returns>
    /// <remarks>The new session is built in a sibling directory and swapped in with two renames, so a crash leaves either the old or the new session whole (plus a stray sibling).</remarks>
    public static async Task<SessionConversionResult> FinalizeToArchiveAsync(string directory, IEventCodec? codec = null, SessionConversionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(directory);
        codec ??= ProtobufBrotliCodec.Instance;
        var full = Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar);
        var building = full + ".archiving";
        var old = full + ".replaced";
        if (Directory.Exists(building))
        {
            Directory.Delete(building, recursive: true);
        }

        var result = await ConvertAsync(full, building, codec, options, cancellationToken).ConfigureAwait(false);
        Directory.Move(full, old);
        Directory.Move(building, full);
        Directory.Delete(old, recursive: true);
        return result;
    }

    private static void CopyMissing(string sourceDirectory, string targetDirectory, string sourceEventsPath)
    {
        foreach (var entry in new DirectoryInfo(sourceDirectory).EnumerateFileSystemInfos())
        {
            var target = Path.Combine(targetDirectory, entry.Name);
            if (File.Exists(target) || Directory.Exists(target) || string.Equals(entry.FullName, Path.GetFullPath(sourceEventsPath), StringComparison.Ordinal) || entry.Name.EndsWith(".tmp", StringComparison.Ordinal))
            {
                continue;
            }

            if (entry is FileInfo file)
            {
                file.CopyTo(target);
            }
            else
            {
                CopyDirectory((DirectoryInfo)entry, target);
            }
        }
    }

    private static void CopyDirectory(DirectoryInfo source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in source.EnumerateFiles())
        {
            file.CopyTo(Path.Combine(target, file.Name));
        }

        foreach (var child in source.EnumerateDirectories())
        {
            CopyDirectory(child, Path.Combine(target, child.Name));
        }
    }
}
