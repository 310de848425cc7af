namespace InterviewLM.Recording.Storage.Protobuf;

/// <summary>Converts a stored session from any codec to any codec, event for event, and finalizes live recordings into the archive codec.</summary>
public static class SessionConverter
{
    /// <summary>Gets the default codecs: those of <see cref="EventCodecs.Default"/> and the archive codec.</summary>
    public static EventCodecs AllCodecs { get; } = EventCodecs.Default.With(ProtobufBrotliCodec.Instance);

    /// <summary>Writes a stored session into new session objects with another events codec.</summary>
    /// <param name="source">The session to read.</param>
    /// <param name="target">The new session's objects; they must hold no events yet.</param>
    /// <param name="codec">The codec to write.</param>
    /// <param name="options">Conversion options.</param>
    /// <param name="cancellationToken">A token to cancel the conversion.</param>
    /// <returns>What was written.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="InvalidDataException">The source is damaged and <see cref="SessionConversionOptions.SkipDamage"/> is off.</exception>
    public static async Task<SessionConversionResult> ConvertAsync(StoredSession source, ISessionObjects target, IEventCodec codec, SessionConversionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(codec);
        options ??= new SessionConversionOptions();
        var storage = new SessionStorageOptions
        {
            Codec = codec,
            AssessmentId = source.Metadata?.AssessmentId,
            CandidateId = source.Metadata?.CandidateId,
        };
        foreach (var (key, value) in source.Metadata?.Environment ?? new Dictionary<string, string>())
        {
            storage.Environment[key] = value;
        }

        SessionTranscodeResult copied;
        var sink = await (options.Pipeline ?? new SessionPipelineBuilder()).BuildAsync(target, storage, null, cancellationToken).ConfigureAwait(false);
        await using (sink.ConfigureAwait(false))
        {
            copied = await SessionTranscoder.CopyAsync(source, sink, new SessionTranscodeOptions
            {
                MaxBlockEvents = options.MaxBlockEvents,
                SkipDamage = options.SkipDamage,
                CarryKeyframes = options.Pipeline is null,
            }, cancellationToken).ConfigureAwait(false);
        }

        await CopyMissingAsync(source, target, cancellationToken).ConfigureAwait(false);
        return new SessionConversionResult(copied.Events, copied.Blocks, copied.DamagedParts, await target.GetLengthAsync(codec.FileName, cancellationToken).ConfigureAwait(false) ?? 0);
    }

    /// <summary>Replaces a completed session directory's events file with the archive codec (or <paramref name="codec"/>), keeping everything else.</summary>
    /// <param name="directory">The session directory.</param>
    /// <param name="codec">The codec to convert to; <see cref="ProtobufBrotliCodec.Instance"/> when <see langword="null"/>.</param>
    /// <param name="options">Conversion options.</param>
    /// <param name="cancellationToken">A token to cancel the conversion.</param>
    /// <returns>What was written.</returns>
    /// <remarks>The new session is built in a sibling directory, verified (every block, the index, the metadata, the event count) and only then swapped in with two renames, so a crash leaves either the old or the new session whole (plus a stray sibling); a conversion that fails or does not verify removes its sibling and leaves the session as it was.</remarks>
    /// <exception cref="InvalidDataException">The source is damaged (and damage is not skipped), or the converted session does not verify; the session is left as it was.</exception>
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

        var codecs = AllCodecs.With(codec);
        var source = await StoredSession.OpenAsync(DirectorySessionObjects.Open(full), codecs, cancellationToken).ConfigureAwait(false);
        SessionConversionResult result;
        try
        {
            result = await ConvertAsync(source, DirectorySessionObjects.Create(building), codec, options, cancellationToken).ConfigureAwait(false);

            // The live session stays until its replacement is whole: every block reads back, the index and the metadata agree.
            var check = await SessionVerification.VerifyAsync(await StoredSession.OpenAsync(DirectorySessionObjects.Open(building), codecs, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            var broken = check.Problems.Where(static p => p.Kind is not ("NotFinalized" or "NoSessionStart" or "SequenceGap" or "TimeBackwards")).ToList();
            if (broken.Count > 0 || check.EventCount != result.Events)
            {
                throw new InvalidDataException($"The converted session does not verify ({(broken.Count > 0 ? broken[0].Detail : $"{check.EventCount} events read back of {result.Events} written")}); '{directory}' is left as it was.");
            }
        }
        catch
        {
            if (Directory.Exists(building))
            {
                Directory.Delete(building, recursive: true);
            }

            throw;
        }

        Directory.Move(full, old);
        Directory.Move(building, full);
        Directory.Delete(old, recursive: true);
        return result;
    }

    // Projections and other objects the pipeline did not write (files/ snapshots, say) are copied as they are.
    private static async Task CopyMissingAsync(StoredSession source, ISessionObjects target, CancellationToken cancellationToken)
    {
        await foreach (var item in source.Objects.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (item.Name == source.EventsObjectName || await target.GetLengthAsync(item.Name, cancellationToken).ConfigureAwait(false) is not null)
            {
                continue;
            }

            await target.ReplaceAsync(item.Name, async (output, ct) =>
            {
                var input = await source.Objects.OpenReadAsync(item.Name, 0, null, ct).ConfigureAwait(false);
                await using (input.ConfigureAwait(false))
                {
                    await input.CopyToAsync(output, ct).ConfigureAwait(false);
                }
            }, cancellationToken).ConfigureAwait(false);
        }
    }
}
