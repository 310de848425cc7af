namespace InterviewLM.Recording.Storage;

/// <summary>Copies a stored session's events into a sink, block by block: the one loop behind conversion between codecs, export and re-keyframing.</summary>
public static class SessionTranscoder
{
    /// <summary>Reads every block of <paramref name="source"/>, writes its events to <paramref name="target"/> (re-blocked as the options say) and completes it.</summary>
    /// <param name="source">The session to read.</param>
    /// <param name="target">The sink to write, usually a pipeline built for new session objects.</param>
    /// <param name="options">The settings, or <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>What was copied.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> or <paramref name="target"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidDataException">The source is damaged and <see cref="SessionTranscodeOptions.SkipDamage"/> is off, or a keyframe of the source follows no event it holds.</exception>
    /// <remarks>
    /// With <see cref="SessionTranscodeOptions.CarryKeyframes"/>, the source's keyframes are written to the target (an
    /// <see cref="IKeyframeSink"/>) each after the block that holds the event it follows, never cutting a block for it;
    /// otherwise they are dropped, and a keyframe layer of the target places new ones.
    /// </remarks>
    public static async Task<SessionTranscodeResult> CopyAsync(StoredSession source, IEventSink target, SessionTranscodeOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        options ??= new SessionTranscodeOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxBlockEvents);
        var keyframeSink = options.CarryKeyframes
            ? target as IKeyframeSink ?? throw new ArgumentException("The target does not store keyframes; carry none or write to a sink that stores them.", nameof(target))
            : null;
        long events = 0;
        var blocks = 0;
        var damaged = 0;
        long written = 0; // the sequence number after the last event written
        var keyframes = new Queue<KeyframeBlock>();
        var pending = new List<RecordedEvent>();
        await foreach (var result in source.ReadBlocksAsync(cancellationToken).ConfigureAwait(false))
        {
            if (result.Keyframe is { } keyframe)
            {
                if (keyframeSink is not null)
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
                    throw new InvalidDataException($"The source session is damaged: {result.Damage}. Run ilmrec verify, or copy with damage skipped.");
                }

                damaged++;
                continue;
            }

            if (options.MaxBlockEvents == 0)
            {
                await WriteAsync(block.Events as RecordedEvent[] ?? [.. block.Events]).ConfigureAwait(false);
                continue;
            }

            // The events of the source block before this one are cut only now, when the keyframes that follow that block
            // are queued: a target block may end past a keyframe's event, and the keyframe must follow that block.
            await WriteFullBlocksAsync().ConfigureAwait(false);
            pending.AddRange(block.Events);
        }

        await WriteFullBlocksAsync().ConfigureAwait(false);
        if (pending.Count > 0)
        {
            await WriteAsync([.. pending]).ConfigureAwait(false);
        }

        if (keyframes.Count > 0)
        {
            throw new InvalidDataException($"The source's keyframe for the state before event {keyframes.Peek().Location.FirstSequence} follows no event it holds.");
        }

        await target.CompleteAsync(cancellationToken).ConfigureAwait(false);
        return new SessionTranscodeResult(events, blocks, damaged);

        async Task WriteAsync(RecordedEvent[] block)
        {
            await target.WriteAsync(block, cancellationToken).ConfigureAwait(false);
            events += block.Length;
            blocks++;
            written = block[^1].Sequence + 1;
            await WriteDueKeyframesAsync().ConfigureAwait(false);
        }

        async Task WriteFullBlocksAsync()
        {
            if (options.MaxBlockEvents == 0)
            {
                return; // blocks are written as they are read
            }

            var start = 0;
            for (; pending.Count - start >= options.MaxBlockEvents; start += options.MaxBlockEvents)
            {
                await WriteAsync(pending.GetRange(start, options.MaxBlockEvents).ToArray()).ConfigureAwait(false);
            }

            pending.RemoveRange(0, start);
        }

        async Task WriteDueKeyframesAsync()
        {
            while (keyframes.TryPeek(out var keyframe) && keyframe.Location.FirstSequence <= written)
            {
                keyframes.Dequeue();
                await keyframeSink!.WriteKeyframeAsync(keyframe.Location.FirstSequence, keyframe.Location.FirstTime, keyframe.State, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
