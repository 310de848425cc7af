using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Diff;

/// <summary>Turns a sequential editing trace into a recorded session: one file, one <see cref="TextEdited"/> per patch, at the trace's own times.</summary>
/// <remarks>
/// The file is created empty (or with the trace's start content) at time zero. Each patch becomes an edit with UTF-16
/// offsets, converted from the trace's code points. A transaction happens at its time minus the first transaction's
/// time; a time earlier than the previous one keeps the previous one, and with <see cref="EditingTraceImportOptions.IdleLimit"/>
/// longer pauses are shortened.
/// </remarks>
public static class EditingTraceImporter
{
    /// <summary>Creates the session's events from a trace, lazily.</summary>
    /// <param name="trace">The trace.</param>
    /// <param name="options">The settings, or <see langword="null"/> for the defaults.</param>
    /// <returns>The <see cref="FileCreated"/> event, then one <see cref="TextEdited"/> per patch, with their session times.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="trace"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidDataException">A patch does not fit the document (raised while enumerating).</exception>
    public static IEnumerable<TimedEvent> CreateEvents(EditingTrace trace, EditingTraceImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(trace);
        options ??= new EditingTraceImportOptions();
        if (options.IdleLimit is { } limit && limit < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), limit, "The idle limit cannot be negative.");
        }

        return CreateEventsCore(trace, options);
    }

    /// <summary>Records a trace into <paramref name="recorder"/> with <see cref="SessionRecorder.Record(SessionEvent, TimeSpan)"/>.</summary>
    /// <param name="trace">The trace.</param>
    /// <param name="recorder">The recorder; its clock must not be ahead of the trace's times (see <see cref="ImportAsync"/>, which makes its own recorder).</param>
    /// <param name="options">The settings, or <see langword="null"/> for the defaults.</param>
    /// <returns>The session time of the last event.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="InvalidDataException">A patch does not fit the document.</exception>
    public static TimeSpan Import(EditingTrace trace, SessionRecorder recorder, EditingTraceImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        var last = TimeSpan.Zero;
        foreach (var timed in CreateEvents(trace, options))
        {
            recorder.Record(timed.Event, timed.Time);
            last = timed.Time;
        }

        return last;
    }

    // An import replays hours of recorded time in seconds: blocks are cut by size, not by virtual time.
    private static readonly TimeSpan ImportFlushInterval = TimeSpan.FromDays(1);

    /// <summary>Records a whole session from a trace into <paramref name="sink"/>: session start at time zero (wall clock: the first transaction's time), the trace's events, and session end at the last event's time.</summary>
    /// <param name="trace">The trace.</param>
    /// <param name="sink">Where the session's blocks go; it is completed, not disposed.</param>
    /// <param name="options">The settings, or <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The number of events recorded, session start and end included.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="InvalidDataException">A patch does not fit the document.</exception>
    public static async Task<long> ImportAsync(EditingTrace trace, IEventSink sink, EditingTraceImportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(sink);
        var start = trace.Transactions.Select(static t => t.Time).FirstOrDefault(static t => t is not null) ?? DateTimeOffset.UnixEpoch;
        var clock = new ManualTimeProvider(start);
        var recorder = SessionRecorder.Start(sink, new SessionRecorderOptions { TimeProvider = clock, SessionId = options?.SessionId, FlushInterval = ImportFlushInterval });
        await using (recorder.ConfigureAwait(false))
        {
            foreach (var timed in CreateEvents(trace, options))
            {
                cancellationToken.ThrowIfCancellationRequested();
                clock.MoveTo(timed.Time);
                recorder.Record(timed.Event, timed.Time);
            }

            await recorder.CompleteAsync("imported", cancellationToken).ConfigureAwait(false);
            return recorder.EventCount;
        }
    }

    private static IEnumerable<TimedEvent> CreateEventsCore(EditingTrace trace, EditingTraceImportOptions options)
    {
        var fileId = options.FileId ?? trace.Name;
        var path = options.Path ?? trace.Name + ".txt";
        yield return new TimedEvent(TimeSpan.Zero, new FileCreated(fileId, path, null, trace.StartContent));

        var document = new TextDocument(trace.StartContent);
        var snapshots = options.Snapshots ? new SnapshotState(options.SnapshotPolicy) : null;
        if (snapshots is not null)
        {
            yield return new TimedEvent(TimeSpan.Zero, snapshots.Take(fileId, document, TimeSpan.Zero, full: true));
        }

        var astral = CountHighSurrogates(trace.StartContent);
        DateTimeOffset? first = null;
        var previousRaw = TimeSpan.Zero;
        var time = TimeSpan.Zero;
        for (var index = 0; index < trace.Transactions.Count; index++)
        {
            var transaction = trace.Transactions[index];
            if (transaction.Time is { } stamp)
            {
                first ??= stamp;
                var raw = stamp - first.Value;
                if (raw > previousRaw)
                {
                    var gap = raw - previousRaw;
                    if (options.IdleLimit is { } limit && gap > limit)
                    {
                        gap = limit;
                    }

                    time += gap;
                    previousRaw = raw;
                }
            }

            foreach (var patch in transaction.Patches)
            {
                var change = ToChange(document, astral, patch, index);
                if (astral > 0 && change.RangeLength > 0)
                {
                    astral -= CountHighSurrogates(document.GetText(change.RangeOffset, change.RangeLength));
                }

                astral += CountHighSurrogates(change.Text);
                if (snapshots?.IsDue(time) == true)
                {
                    yield return new TimedEvent(time, snapshots.Take(fileId, document, time, full: snapshots.IsFullDue(time)));
                }

                document.Replace(change.RangeOffset, change.RangeLength, change.Text);
                snapshots?.MarkEdited(time);
                yield return new TimedEvent(time, new TextEdited(fileId, new[] { change }, snapshots?.Hash));
            }
        }

        if (snapshots is not null)
        {
            yield return new TimedEvent(time, snapshots.Take(fileId, document, time, full: true));
        }
    }

    private static TextChange ToChange(TextDocument document, int astral, EditingTracePatch patch, int transaction)
    {
        int offset, length;
        if (astral == 0)
        {
            // No surrogate pairs in the document: code points and UTF-16 units coincide.
            offset = patch.Position;
            length = patch.DeleteCount;
        }
        else
        {
            offset = Utf16Offset(document, 0, patch.Position);
            length = offset < 0 ? 0 : Utf16Offset(document, offset, patch.DeleteCount);
            length = length < 0 ? -1 : length - offset;
        }

        if (patch.Position < 0 || patch.DeleteCount < 0 || offset < 0 || length < 0 || (long)offset + length > document.Length)
        {
            throw new InvalidDataException(
                $"Transaction {transaction}: patch [{patch.Position}, {patch.DeleteCount}, …] does not fit the document ({document.Length} UTF-16 units).");
        }

        return new TextChange(offset, length, patch.Text);
    }

    // Walks codePoints code points from a UTF-16 offset; -1 when the document ends first.
    private static int Utf16Offset(TextDocument document, int from, int codePoints)
    {
        var offset = from;
        var length = document.Length;
        for (var i = 0; i < codePoints; i++)
        {
            if (offset >= length)
            {
                return -1;
            }

            offset += char.IsHighSurrogate(document[offset]) && offset + 1 < length && char.IsLowSurrogate(document[offset + 1]) ? 2 : 1;
        }

        return offset;
    }

    private static int CountHighSurrogates(string text)
    {
        var count = 0;
        foreach (var c in text)
        {
            if (char.IsHighSurrogate(c))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The <see cref="CodeTracker"/> policy on the trace's timeline.</summary>
    private sealed class SnapshotState(CodeTrackerOptions policy)
    {
        private readonly TimeSpan _interval = policy.SnapshotInterval;
        private readonly TimeSpan _fullInterval = policy.FullContentInterval;
        private string _text = string.Empty;
        private TimeSpan? _dirtySince;
        private TimeSpan _lastFull;

        public string? Hash { get; private set; }

        public bool IsDue(TimeSpan time) => _dirtySince is { } since && time - since >= _interval;

        public bool IsFullDue(TimeSpan time) => time - _lastFull >= _fullInterval;

        public void MarkEdited(TimeSpan time) => _dirtySince ??= time;

        public CodeSnapshot Take(string fileId, TextDocument document, TimeSpan time, bool full)
        {
            var content = document.GetText();
            var diff = Hash is null ? EquatableArray<LineDiffOperation>.Empty : LineDiff.Create(_text, content);
            Hash = ContentHasher.Hash(content);
            _text = content;
            _dirtySince = null;
            if (full)
            {
                _lastFull = time;
            }

            return new CodeSnapshot(fileId, Hash, diff, full ? content : null);
        }
    }
}
