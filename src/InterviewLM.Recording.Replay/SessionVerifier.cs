using System.Globalization;
using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Replay;

/// <summary>Checks a stored session in full: the structural check of its blocks, metadata and index, and the session fold over every event and keyframe.</summary>
/// <remarks>
/// <para>
/// <see cref="VerifyAsync"/> runs <see cref="SessionVerification.VerifyAsync"/> and then folds the whole stream with
/// <see cref="SessionState"/>, reading it once. It adds a <see cref="VerificationProblem"/> for every event the fold finds
/// inconsistent (<c>SnapshotHashMismatch</c>: a full-content or diff snapshot whose hash does not match the file it
/// rebuilds; <c>FoldRejected</c>: an edit that does not fit, a snapshot that differs from the edited content;
/// <c>FoldFailed</c>: an event the fold cannot apply) and for every keyframe that does not restore to the fold's state
/// at its place (<c>KeyframeMismatch</c>: files, terminal screen, counters, transcript or problems differ;
/// <c>KeyframeUnreadable</c>: it cannot be read or refers to what the session does not hold). Each names the event's
/// sequence number and its block's index and byte offset. The fold stops at the first damaged block (the structural
/// check reports the damage). Nothing is written.
/// </para>
/// </remarks>
public static class SessionVerifier
{
    /// <summary>Checks a stored session: its structure and the fold of its events and keyframes.</summary>
    /// <param name="session">The session.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The structural result with the fold's problems added after its own; <see cref="SessionVerification.IsIntact"/> only when both found none.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="session"/> is <see langword="null"/>.</exception>
    public static async Task<SessionVerification> VerifyAsync(StoredSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var structural = await SessionVerification.VerifyAsync(session, cancellationToken).ConfigureAwait(false);
        var fold = new FoldCheck();
        await foreach (var result in session.ReadBlocksAsync(cancellationToken).ConfigureAwait(false))
        {
            if (result.Damage is not null)
            {
                break;
            }

            if (result.Keyframe is { } keyframe)
            {
                await fold.CheckKeyframeAsync(keyframe, cancellationToken).ConfigureAwait(false);
            }
            else if (result.Block is { } block)
            {
                fold.Add(block);
            }
        }

        fold.Flush(long.MaxValue);
        return fold.Problems.Count == 0 ? structural : structural with { Problems = [.. structural.Problems, .. fold.Problems] };
    }

    /// <summary>The fold run over the stream, one block behind (a keyframe follows the block holding its last event, which may hold later events too), and the keyframe source of what it has read.</summary>
    private sealed class FoldCheck : IKeyframeSource
    {
        private readonly SessionState _state = new();
        private readonly List<KeyframeData?> _keyframes = [];
        private readonly List<RecordedEvent> _named = []; // what keyframes may name: full-content snapshots, Claude interactions, markers
        private EventBlock? _pending;
        private int _position;

        public List<VerificationProblem> Problems { get; } = [];

        public IReadOnlyList<KeyframeLocation> Keyframes => Array.Empty<KeyframeLocation>();

        public int SegmentCount => 0;

        public void Add(EventBlock block)
        {
            Flush(long.MaxValue);
            (_pending, _position) = (block, 0);
        }

        // Folds the pending block's events up to and including a sequence number.
        public void Flush(long through)
        {
            if (_pending is not { } block)
            {
                return;
            }

            var events = block.Events;
            for (; _position < events.Count && events[_position].Sequence <= through; _position++)
            {
                Apply(block.Location, events[_position]);
            }
        }

        public async ValueTask CheckKeyframeAsync(KeyframeBlock keyframe, CancellationToken cancellationToken)
        {
            var at = keyframe.Location;
            Flush(at.FirstSequence - 1);
            var number = _keyframes.Count;
            var place = $"keyframe {number} (block {at.Index} at byte offset {at.Offset}, the state after event {at.FirstSequence - 1})";
            KeyframeData? data = null;
            try
            {
                data = KeyframeData.Read(keyframe.State);
            }
            catch (FormatException ex)
            {
                Problems.Add(new VerificationProblem("KeyframeUnreadable", at.Index, at.Offset, $"{place} cannot be read: {ex.Message}"));
            }

            _keyframes.Add(data);
            if (data is null)
            {
                return;
            }

            string? difference;
            try
            {
                var restored = await KeyframeSeek.RestoreAsync(this, number, null, cancellationToken).ConfigureAwait(false);
                difference = Describe(_state, restored);
            }
            catch (Exception ex) when (ex is InvalidDataException or FormatException or KeyNotFoundException or InvalidOperationException or ArgumentException or IndexOutOfRangeException)
            {
                Problems.Add(new VerificationProblem("KeyframeUnreadable", at.Index, at.Offset, $"{place} cannot be restored: {ex.Message}"));
                return;
            }

            if (difference is not null)
            {
                Problems.Add(new VerificationProblem("KeyframeMismatch", at.Index, at.Offset, $"{place} does not restore to the fold's state: {difference}"));
            }
        }

        public ValueTask<KeyframeData> ReadKeyframeAsync(int number, CancellationToken cancellationToken) => new(GetReadKeyframe(number));

        public KeyframeData GetReadKeyframe(int number) => (uint)number < (uint)_keyframes.Count && _keyframes[number] is { } data
            ? data
            : throw new InvalidDataException($"it refers to keyframe {number}, which is not a readable keyframe before it");

        public ValueTask<RecordedEvent> ReadEventAsync(long sequence, CancellationToken cancellationToken) =>
            EventSequences.IndexOf(_named, sequence) is var i and >= 0 && _named[i].Sequence <= _state.LastSequence
                ? new(_named[i])
                : throw new InvalidDataException($"it names event {sequence}, which is no full-content snapshot, Claude interaction or marker before it");

        public bool IsStateOf(SessionState state) => false;

        public int FirstSegmentAfter(SessionState state) => 0;

        public ValueTask<ReadOnlyMemory<RecordedEvent>> ReadEventsAfterAsync(int segment, SessionState state, CancellationToken cancellationToken) => new(ReadOnlyMemory<RecordedEvent>.Empty);

        private void Apply(BlockLocation block, RecordedEvent recorded)
        {
            var workspaceBefore = _state.Workspace.Problems.Count;
            var ownBefore = _state.OwnProblems.Count;
            try
            {
                _state.Apply(recorded);
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or InvalidDataException or FormatException or IndexOutOfRangeException)
            {
                Problems.Add(new VerificationProblem("FoldFailed", block.Index, block.Offset, $"{Place()}: the fold cannot apply it: {ex.Message}"));
            }

            Report(_state.Workspace.Problems, workspaceBefore);
            Report(_state.OwnProblems, ownBefore);
            if (recorded.Event is CodeSnapshot { FullContent: not null } or ClaudeInteraction or Marker)
            {
                _named.Add(recorded);
            }

            string Place() => string.Create(CultureInfo.InvariantCulture, $"event {recorded.Sequence} ({recorded.Event.Type}) in block {block.Index} at byte offset {block.Offset}");

            void Report(IReadOnlyList<string> problems, int from)
            {
                for (var i = from; i < problems.Count; i++)
                {
                    var kind = recorded.Event is CodeSnapshot && problems[i].Contains("does not match the hash", StringComparison.Ordinal) ? "SnapshotHashMismatch" : "FoldRejected";
                    Problems.Add(new VerificationProblem(kind, block.Index, block.Offset, $"{Place()}: {problems[i]}"));
                }
            }
        }

        // The first difference between the fold's state and a restored one, or null when they are the same.
        private static string? Describe(SessionState folded, SessionState restored)
        {
            if (!folded.Summary.ToBytes().AsSpan().SequenceEqual(restored.Summary.ToBytes()))
            {
                return string.Create(CultureInfo.InvariantCulture,
                    $"the counters differ (the fold has {folded.EventCount} events up to event {folded.LastSequence} at {folded.Time}; the keyframe {restored.EventCount} up to event {restored.LastSequence} at {restored.Time})");
            }

            var foldedFiles = folded.Workspace.Files.ToDictionary(f => f.FileId, StringComparer.Ordinal);
            var restoredFiles = restored.Workspace.Files.ToDictionary(f => f.FileId, StringComparer.Ordinal);
            foreach (var (id, file) in foldedFiles)
            {
                if (!restoredFiles.TryGetValue(id, out var other))
                {
                    return $"file {id} ('{file.Path}') is missing from the keyframe";
                }

                if (!string.Equals(file.Path, other.Path, StringComparison.Ordinal) || !string.Equals(file.GetContent(), other.GetContent(), StringComparison.Ordinal))
                {
                    return $"file {id} ('{file.Path}') has other content in the keyframe";
                }

                if (!string.Equals(file.SnapshotHash, other.SnapshotHash, StringComparison.Ordinal) ||
                    !string.Equals(file.GetSnapshotContent(), other.GetSnapshotContent(), StringComparison.Ordinal))
                {
                    return $"file {id} ('{file.Path}') has another latest snapshot in the keyframe";
                }
            }

            if (restoredFiles.Keys.FirstOrDefault(id => !foldedFiles.ContainsKey(id)) is { } extra)
            {
                return $"the keyframe holds file {extra}, which the fold does not";
            }

            if ((folded.Terminal is null) != (restored.Terminal is null) ||
                (folded.Terminal is not null && !folded.Terminal.Snapshot().Data.Span.SequenceEqual(restored.Terminal!.Snapshot().Data.Span)))
            {
                return "the terminal screen differs";
            }

            if (!folded.Interactions.Select(static e => e.Sequence).SequenceEqual(restored.Interactions.Select(static e => e.Sequence)) ||
                !folded.Markers.Select(static e => e.Sequence).SequenceEqual(restored.Markers.Select(static e => e.Sequence)))
            {
                return "the Claude interactions or markers differ";
            }

            if (!folded.Problems.SequenceEqual(restored.Problems, StringComparer.Ordinal))
            {
                return "the problems found so far differ";
            }

            // Whatever else the keyframe format holds, byte for byte.
            return KeyframeData.Write(folded, null, 0).AsSpan().SequenceEqual(KeyframeData.Write(restored, null, 0)) ? null : "the serialized states differ";
        }
    }
}
