using System.Globalization;
using System.Runtime.CompilerServices;

namespace InterviewLM.Recording.Terminal;

/// <summary>Converts between asciicast recordings and session events.</summary>
/// <remarks>
/// <para>
/// asciicast → session: the header becomes <see cref="TerminalStarted"/> at time 0; <c>o</c>, <c>i</c>, <c>r</c>, <c>m</c>
/// and <c>x</c> become <see cref="TerminalOutput"/>, <see cref="TerminalInput"/>, <see cref="TerminalResized"/>,
/// <see cref="Marker"/> (a blank label becomes <see cref="UnnamedMarkerLabel"/>) and <see cref="TerminalExited"/>. Resizes with an unusable size and unknown codes are skipped
/// (as players do), and times that go backwards are held at the previous time.
/// </para>
/// <para>
/// session → asciicast: the terminal events at their session times (the header's timestamp is the session's start, so time T
/// in the cast is time T in the session, wherever the terminal started); the header takes the terminal's size, command and
/// type. Terminal events with no <see cref="TerminalStarted"/> before them are on a
/// <see cref="TerminalReplay.DefaultColumns"/>×<see cref="TerminalReplay.DefaultRows"/> terminal, and a later
/// <see cref="TerminalStarted"/> becomes a resize and a full reset, so the cast's screens are the ones
/// <see cref="TerminalReplay"/> folds from the session. <see cref="TerminalExited"/> becomes <c>x</c> in v3 (v2 has no exit
/// event); a signal is written as 128 + its number, as shells report it. Other events are not terminal events and are left out.
/// </para>
/// </remarks>
public static class AsciicastConverter
{
    /// <summary>Gets the category given to markers imported from asciicast <c>m</c> events.</summary>
    public const string MarkerCategory = "asciicast";

    /// <summary>Gets the label given to an imported marker whose label is blank (session markers need a label).</summary>
    public const string UnnamedMarkerLabel = "marker";

    /// <summary>Creates the <see cref="TerminalStarted"/> event that describes a recording's terminal.</summary>
    /// <param name="header">The header.</param>
    /// <returns>The event.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="header"/> is <see langword="null"/>.</exception>
    public static TerminalStarted ToTerminalStarted(AsciicastHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        string? term = null;
        var termType = header.TermType ?? (header.Env?.TryGetValue("TERM", out term) == true ? term : null);
        return new TerminalStarted(header.Columns, header.Rows, header.Command, termType);
    }

    /// <summary>Converts one asciicast event to a session event.</summary>
    /// <param name="value">The asciicast event.</param>
    /// <returns>The session event, or <see langword="null"/> for an unknown code or an unusable resize or exit.</returns>
    public static SessionEvent? ToSessionEvent(AsciicastEvent value) => value.Code switch
    {
        AsciicastEventCodes.Output => new TerminalOutput(value.Data),
        AsciicastEventCodes.Input => new TerminalInput(value.Data),
        AsciicastEventCodes.Resize => value.TryGetSize(out var columns, out var rows) ? new TerminalResized(columns, rows) : null,
        AsciicastEventCodes.Marker => new Marker(string.IsNullOrWhiteSpace(value.Data) ? UnnamedMarkerLabel : value.Data, MarkerCategory),
        AsciicastEventCodes.Exit => value.TryGetExitStatus(out var status) ? new TerminalExited(status) : null,
        _ => null,
    };

    /// <summary>Converts a recording to session events, starting with <see cref="TerminalStarted"/> at time 0.</summary>
    /// <param name="header">The header.</param>
    /// <param name="events">The events, with absolute times.</param>
    /// <returns>The session events, converted lazily.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="header"/> or <paramref name="events"/> is <see langword="null"/>.</exception>
    public static IEnumerable<TimedSessionEvent> ToSessionEvents(AsciicastHeader header, IEnumerable<AsciicastEvent> events)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(events);
        return Iterate(header, events);

        static IEnumerable<TimedSessionEvent> Iterate(AsciicastHeader header, IEnumerable<AsciicastEvent> events)
        {
            yield return new TimedSessionEvent(TimeSpan.Zero, ToTerminalStarted(header));
            var last = TimeSpan.Zero;
            foreach (var value in events)
            {
                if (ToSessionEvent(value) is { } converted)
                {
                    last = value.Time > last ? value.Time : last;
                    yield return new TimedSessionEvent(last, converted);
                }
            }
        }
    }

    /// <summary>Converts a recording to session events asynchronously, starting with <see cref="TerminalStarted"/> at time 0.</summary>
    /// <param name="header">The header.</param>
    /// <param name="events">The events, with absolute times.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The session events, converted lazily.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="header"/> or <paramref name="events"/> is <see langword="null"/>.</exception>
    public static async IAsyncEnumerable<TimedSessionEvent> ToSessionEventsAsync(
        AsciicastHeader header,
        IAsyncEnumerable<AsciicastEvent> events,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(events);
        yield return new TimedSessionEvent(TimeSpan.Zero, ToTerminalStarted(header));
        var last = TimeSpan.Zero;
        await foreach (var value in events.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (ToSessionEvent(value) is { } converted)
            {
                last = value.Time > last ? value.Time : last;
                yield return new TimedSessionEvent(last, converted);
            }
        }
    }

    /// <summary>Caps every pause between events (and before the first) at an idle time limit, as players do.</summary>
    /// <param name="events">The events, with absolute times.</param>
    /// <param name="limit">The longest pause kept; usually <see cref="AsciicastHeader.IdleTimeLimit"/>.</param>
    /// <returns>The events with compressed times, computed lazily.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not positive.</exception>
    public static IEnumerable<AsciicastEvent> LimitIdleTime(IEnumerable<AsciicastEvent> events, TimeSpan limit)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(limit, TimeSpan.Zero);
        return Iterate(events, limit);

        static IEnumerable<AsciicastEvent> Iterate(IEnumerable<AsciicastEvent> events, TimeSpan limit)
        {
            var previous = TimeSpan.Zero;
            var shifted = TimeSpan.Zero;
            foreach (var value in events)
            {
                var gap = value.Time - previous;
                previous = value.Time > previous ? value.Time : previous;
                shifted += gap < TimeSpan.Zero ? TimeSpan.Zero : gap > limit ? limit : gap;
                yield return value with { Time = shifted };
            }
        }
    }

    /// <summary>Records a whole asciicast recording into a session, at the recording's own times.</summary>
    /// <remarks>
    /// Cast time t becomes session time <paramref name="startOffset"/> + t, and an export is timed from the session's start,
    /// so a session imported at offset zero (a recorder on a clock started at the cast's timestamp, as <c>ilmrec import-cast</c>
    /// runs it) exports the recording's times back exactly.
    /// </remarks>
    /// <param name="reader">The recording, positioned before its first event.</param>
    /// <param name="recorder">The session recorder; events are recorded with host-supplied times.</param>
    /// <param name="startOffset">The session time of the recording's start; by default the recorder's current elapsed time.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The number of events recorded.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> or <paramref name="recorder"/> is <see langword="null"/>.</exception>
    /// <exception cref="AsciicastFormatException">The recording is malformed; the events before the bad line are recorded.</exception>
    public static async ValueTask<long> ImportAsync(AsciicastReader reader, SessionRecorder recorder, TimeSpan? startOffset = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(recorder);
        var offset = startOffset ?? recorder.Elapsed;
        long count = 0;
        await foreach (var item in ToSessionEventsAsync(reader.Header, reader.ReadEventsAsync(cancellationToken), cancellationToken).ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            recorder.Record(item.Event, offset + item.Time);
            count++;
        }

        return count;
    }

    /// <summary>Writes the terminal events of a session as an asciicast recording.</summary>
    /// <param name="events">The session's events in order.</param>
    /// <param name="destination">Where the recording goes; left open.</param>
    /// <param name="options">The settings, or <see langword="null"/> for v2 with input and markers.</param>
    /// <returns>The number of asciicast events written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> or <paramref name="destination"/> is <see langword="null"/>.</exception>
    public static long Export(IEnumerable<RecordedEvent> events, Stream destination, AsciicastExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(destination);
        var mapper = new AsciicastExportMapper(options ?? new AsciicastExportOptions(), destination);
        try
        {
            foreach (var value in events)
            {
                mapper.Add(value);
                mapper.Writer?.FlushIfFull();
            }

            mapper.Finish();
            mapper.Writer!.Flush();
            return mapper.Count;
        }
        finally
        {
            mapper.Writer?.Dispose();
        }
    }

    /// <summary>Writes the terminal events of a session as an asciicast recording, streaming.</summary>
    /// <param name="events">The session's events in order.</param>
    /// <param name="destination">Where the recording goes; left open.</param>
    /// <param name="options">The settings, or <see langword="null"/> for v2 with input and markers.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The number of asciicast events written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> or <paramref name="destination"/> is <see langword="null"/>.</exception>
    public static async ValueTask<long> ExportAsync(
        IAsyncEnumerable<RecordedEvent> events,
        Stream destination,
        AsciicastExportOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(destination);
        var mapper = new AsciicastExportMapper(options ?? new AsciicastExportOptions(), destination);
        try
        {
            await foreach (var value in events.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                mapper.Add(value);
                if (mapper.Writer is { IsFull: true } writer)
                {
                    await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            mapper.Finish();
            await mapper.Writer!.FlushAsync(cancellationToken).ConfigureAwait(false);
            return mapper.Count;
        }
        finally
        {
            if (mapper.Writer is not null)
            {
                await mapper.Writer.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Maps session events to asciicast events, creating the writer at the first terminal event.</summary>
    /// <remarks>
    /// Times stay session times: the header's timestamp is the session's start and every event is timed from it, so "at T"
    /// means the same moment in the session and in its cast. The header takes the size of the first terminal event: a
    /// <see cref="TerminalStarted"/>'s, or <see cref="TerminalReplay.DefaultColumns"/>×<see cref="TerminalReplay.DefaultRows"/>
    /// for any other (as <see cref="TerminalReplay"/> shows it). A later <see cref="TerminalStarted"/> starts the screen
    /// over, as the fold does: a resize to its size (when it differs) and a full reset (<c>ESC c</c>).
    /// </remarks>
    internal sealed class AsciicastExportMapper(AsciicastExportOptions options, Stream destination)
    {
        private const string FullReset = "\u001bc";
        private readonly List<AsciicastEvent> _early = [];
        private DateTimeOffset? _sessionStart;
        private int _columns;
        private int _rows;

        public AsciicastWriter? Writer { get; private set; }

        public long Count { get; private set; }

        /// <summary>Handles one session event, buffering what it maps to in the writer.</summary>
        public void Add(RecordedEvent recorded) => Map(recorded);

        private void Map(RecordedEvent recorded)
        {
            switch (recorded.Event)
            {
                case SessionStarted started:
                    _sessionStart ??= started.StartedAt;
                    break;
                case TerminalStarted started when Writer is null:
                    Start(started);
                    FlushEarly();
                    break;
                case TerminalStarted started:
                    if (started.Columns != _columns || started.Rows != _rows)
                    {
                        Resize(started.Columns, started.Rows, recorded.Time);
                    }

                    Emit(recorded.Time, AsciicastEventCodes.Output, FullReset);
                    break;
                case TerminalOutput output:
                    EnsureStarted();
                    Emit(recorded.Time, AsciicastEventCodes.Output, output.Data);
                    break;
                case TerminalInput input:
                    EnsureStarted();
                    if (options.IncludeInput)
                    {
                        Emit(recorded.Time, AsciicastEventCodes.Input, input.Data);
                    }

                    break;
                case TerminalResized resized:
                    EnsureStarted();
                    Resize(resized.Columns, resized.Rows, recorded.Time);
                    break;
                case TerminalExited exited:
                    EnsureStarted();
                    if (options.Version >= 3)
                    {
                        var status = exited.ExitCode ?? (exited.Signal is { } signal ? 128 + signal : 0);
                        Emit(recorded.Time, AsciicastEventCodes.Exit, status.ToString(CultureInfo.InvariantCulture));
                    }

                    break;
                case Marker marker when options.IncludeMarkers:
                    if (Writer is null)
                    {
                        _early.Add(new AsciicastEvent(recorded.Time, AsciicastEventCodes.Marker, marker.Label));
                    }
                    else
                    {
                        Emit(recorded.Time, AsciicastEventCodes.Marker, marker.Label);
                    }

                    break;
            }
        }

        public void Finish()
        {
            EnsureStarted();
            FlushEarly();
        }

        private void Resize(int columns, int rows, TimeSpan time)
        {
            _columns = columns;
            _rows = rows;
            Emit(time, AsciicastEventCodes.Resize, string.Create(CultureInfo.InvariantCulture, $"{columns}x{rows}"));
        }

        private void Emit(TimeSpan time, string code, string data)
        {
            Count++;
            Writer!.Append(new AsciicastEvent(time > TimeSpan.Zero ? time : TimeSpan.Zero, code, data));
        }

        private void EnsureStarted()
        {
            if (Writer is null)
            {
                // A terminal event without a TerminalStarted: the default screen, as TerminalReplay shows it.
                Start(new TerminalStarted(TerminalReplay.DefaultColumns, TerminalReplay.DefaultRows));
                FlushEarly();
            }
        }

        private void FlushEarly()
        {
            foreach (var value in _early)
            {
                Count++;
                Writer!.Append(value);
            }

            _early.Clear();
        }

        private void Start(TerminalStarted started)
        {
            _columns = started.Columns;
            _rows = started.Rows;
            var env = options.Env;
            if (env is null && options.Version == 2 && started.TermType is { } term)
            {
                env = new Dictionary<string, string>(StringComparer.Ordinal) { ["TERM"] = term };
            }

            Writer = AsciicastWriter.Create(destination, new AsciicastHeader
            {
                Version = options.Version,
                Columns = started.Columns,
                Rows = started.Rows,
                Command = started.Command,
                TermType = options.Version >= 3 ? started.TermType : null,
                Timestamp = _sessionStart,
                Title = options.Title,
                IdleTimeLimit = options.IdleTimeLimit,
                Env = env,
            }, leaveOpen: true);
        }
    }
}
