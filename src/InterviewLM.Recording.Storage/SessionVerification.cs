namespace InterviewLM.Recording.Storage;

/// <summary>Represents the result of checking a stored session: every block, the sequence, the times, the metadata and the index.</summary>
/// <param name="Problems">What is wrong; empty when the session is intact.</param>
/// <param name="BlockCount">The number of whole blocks of events read.</param>
/// <param name="EventCount">The number of events in whole blocks.</param>
/// <param name="EventsFileLength">The events file's length in bytes.</param>
public sealed record SessionVerification(IReadOnlyList<VerificationProblem> Problems, int BlockCount, long EventCount, long EventsFileLength)
{
    /// <summary>Gets the number of whole keyframe blocks read.</summary>
    public int KeyframeCount { get; init; }

    /// <summary>Gets the number of <see cref="CaptureFailed"/> events in whole blocks: things a capture could not record. They are not damage; <see cref="IsIntact"/> does not count them.</summary>
    public long CaptureFailures { get; init; }

    /// <summary>Gets a value indicating whether the session is intact and finalized.</summary>
    public bool IsIntact => Problems.Count == 0;

    /// <summary>Checks a stored session.</summary>
    /// <param name="session">The session.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="session"/> is <see langword="null"/>.</exception>
    public static async Task<SessionVerification> VerifyAsync(StoredSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var problems = new List<VerificationProblem>();
        var blocks = new List<BlockLocation>();
        long events = 0;
        long captureFailures = 0;
        var keyframes = 0;
        var located = new List<BlockLocation>();
        long expectedSequence = 0;
        var lastTime = TimeSpan.Zero;
        RecordedEvent? first = null, last = null;
        EventBlock? lastBlock = null;
        long lastKeyframeSequence = 0;
        await foreach (var result in session.ReadBlocksAsync(cancellationToken).ConfigureAwait(false))
        {
            if (result.Damage is { } damage)
            {
                problems.Add(new VerificationProblem(damage.Kind.ToString(), damage.BlockIndex, damage.Offset, damage.ToString()));
                continue;
            }

            if (result.Keyframe is { } keyframe)
            {
                // A keyframe holds the state after the event before the one it names, so it must follow the block that
                // holds that event (and no later block), and carry that event's time.
                var at = keyframe.Location;
                var position = lastBlock is null ? -1 : at.FirstSequence - 1 - lastBlock.Location.FirstSequence;
                var follows = lastBlock is not null && at.FirstSequence >= lastKeyframeSequence && position >= 0 && position < lastBlock.Events.Count &&
                    lastBlock.Events[(int)position] is { } before && before.Sequence == at.FirstSequence - 1 && before.Time == at.FirstTime;
                if (!follows)
                {
                    problems.Add(new VerificationProblem("KeyframeMisplaced", at.Index, at.Offset,
                        $"block {at.Index} at byte offset {at.Offset}: a keyframe for the state before event {at.FirstSequence} at {at.FirstTime} does not follow the block holding event {at.FirstSequence - 1}"));
                }

                lastKeyframeSequence = at.FirstSequence;
                keyframes++;
                located.Add(at);
                continue;
            }

            var block = result.Block!;
            lastBlock = block;
            blocks.Add(block.Location);
            located.Add(block.Location);
            foreach (var recorded in block.Events)
            {
                first ??= recorded;
                if (recorded.Sequence != expectedSequence)
                {
                    problems.Add(new VerificationProblem("SequenceGap", block.Location.Index, block.Location.Offset,
                        $"block {block.Location.Index} at byte offset {block.Location.Offset}: event {recorded.Sequence} follows {expectedSequence - 1}"));
                }

                if (recorded.Time < lastTime)
                {
                    problems.Add(new VerificationProblem("TimeBackwards", block.Location.Index, block.Location.Offset,
                        $"block {block.Location.Index} at byte offset {block.Location.Offset}: event {recorded.Sequence} goes back in time"));
                }

                expectedSequence = recorded.Sequence + 1;
                lastTime = recorded.Time;
                last = recorded;
                events++;
                captureFailures += recorded.Event is CaptureFailed ? 1 : 0;
            }
        }

        var length = await session.GetEventsLengthAsync(cancellationToken).ConfigureAwait(false);
        var endOffset = located.Count > 0 ? located[^1].Offset + located[^1].Length : 0;
        if (first is not { Event: SessionStarted })
        {
            problems.Add(new VerificationProblem("NoSessionStart", 0, 0, "the stream does not begin with session_start"));
        }

        if (last is not { Event: SessionEnded })
        {
            problems.Add(new VerificationProblem("NotFinalized", blocks.Count, endOffset,
                $"the stream does not end with session_end: the recording stopped after block {blocks.Count - 1} (its whole blocks end at byte offset {endOffset})"));
        }

        if (session.Metadata is null)
        {
            problems.Add(new VerificationProblem("Metadata", -1, 0, session.MetadataError ?? "metadata.json is missing"));
        }
        else if (session.Metadata.Status != SessionStatus.Completed)
        {
            problems.Add(new VerificationProblem("Metadata", -1, 0, $"metadata.json says the session is {session.Metadata.Status.ToString().ToLowerInvariant()}, not completed"));
        }
        else if (session.Metadata.EventCount != events)
        {
            problems.Add(new VerificationProblem("Metadata", -1, 0, $"metadata.json counts {session.Metadata.EventCount} events but the stream holds {events}"));
        }

        if (session.Metadata?.Status == SessionStatus.Completed)
        {
            var index = await session.ReadIndexAsync(cancellationToken).ConfigureAwait(false);
            if (index is null)
            {
                problems.Add(new VerificationProblem("Index", -1, 0, "index.json is missing or unreadable"));
            }
            else
            {
                var byIndex = located.ToDictionary(b => b.Index);
                foreach (var stored in index.Blocks)
                {
                    if (!byIndex.TryGetValue(stored.Index, out var read) || read.Offset != stored.Offset || read.Length != stored.Length ||
                        read.EventCount != stored.EventCount || read.Kind != stored.Kind)
                    {
                        problems.Add(new VerificationProblem("Index", stored.Index, stored.Offset,
                            $"index.json places block {stored.Index} at byte offset {stored.Offset} ({stored.Length} bytes) but the events file does not agree"));
                    }
                }
            }
        }

        return new SessionVerification(problems, blocks.Count, events, length) { KeyframeCount = keyframes, CaptureFailures = captureFailures };
    }
}
