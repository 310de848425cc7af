using System.CommandLine;
using System.Text.Json;
using InterviewLM.Recording.Storage.Jsonl;

namespace InterviewLM.Recording.Cli.Commands;

/// <summary><c>ilmrec import-events FILE|- --out DIR [--codec C]</c>: a session from plain JSON Lines, one event a line, checked by the recorder's rules.</summary>
/// <remarks>
/// Each line is read by the JSONL codec's own reader (<see cref="JsonlCodec.ReadEvent"/>: <c>seq</c> optional, block header
/// and keyframe lines skipped, unknown types kept) and recorded with <see cref="SessionRecorder.Record(SessionEvent, TimeSpan)"/>
/// on a <see cref="ManualTimeProvider"/>, so an imported session obeys every rule a recorded one does. The input's
/// <c>session_start</c> gives the session its id and start; the recorder writes start and end itself. The session is
/// recorded into a sibling directory and moved into place only when every line was accepted.
/// </remarks>
internal static class ImportEventsCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("FILE") { Description = "The JSON Lines file, or - for standard input." };
        var output = new Option<DirectoryInfo>("--out") { Description = "The session directory to create.", Required = true };
        var codec = new Option<string>("--codec") { Description = "The events codec: jsonl-gz (default) or jsonl.", DefaultValueFactory = _ => "jsonl-gz" };
        var command = new Command("import-events", "Imports events from JSON Lines (one event a line, as schemas/v1/event.schema.json; seq optional) as a session, checked by the recorder's rules.")
        {
            input, output, codec,
        };
        command.SetHandler(async (parseResult, cancellationToken) =>
        {
            var path = parseResult.GetValue(input)!;
            var target = parseResult.GetValue(output)!.FullName;
            var stream = path == "-" ? Console.OpenStandardInput() : File.OpenRead(path);
            ImportEventsResult result;
            await using (stream.ConfigureAwait(false))
            {
                result = await ImportAsync(stream, target, parseResult.GetValue(codec)!, path == "-" ? "stdin" : Path.GetFileName(path), cancellationToken).ConfigureAwait(false);
            }

            Console.Error.WriteLine($"imported {result.Events:N0} events ({result.SessionId}) into {target}; try: ilmrec info {target}");
            return 0;
        });
        return command;
    }

    /// <summary>Records the events of <paramref name="input"/> as a new session at <paramref name="target"/>.</summary>
    /// <returns>The number of events the session holds (its own start and end included) and its id.</returns>
    /// <exception cref="InvalidDataException">A line is malformed or breaks a rule, <c>line N: why</c>; no session is left at <paramref name="target"/>.</exception>
    internal static async Task<ImportEventsResult> ImportAsync(Stream input, string target, string codecName, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        target = Path.GetFullPath(target);
        if (File.Exists(target) || (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any()))
        {
            throw new IOException($"'{target}' already exists; import-events creates a new session directory.");
        }

        // Built beside the target and moved into place only when whole: a failed import leaves nothing that looks like a session.
        var building = target + ".importing";
        if (Directory.Exists(building))
        {
            Directory.Delete(building, recursive: true);
        }

        var import = new Import(building, codecName, source);
        await using (import.ConfigureAwait(false))
        {
            var complete = false;
            try
            {
                await ReadLinesAsync(input, import, cancellationToken).ConfigureAwait(false);
                var result = await import.CompleteAsync(cancellationToken).ConfigureAwait(false);
                if (Directory.Exists(target))
                {
                    Directory.Delete(target); // empty (checked above)
                }

                Directory.Move(building, target);
                complete = true;
                return result;
            }
            finally
            {
                if (!complete)
                {
                    await import.DisposeAsync().ConfigureAwait(false); // the recorder lets go of the directory first
                    if (Directory.Exists(building))
                    {
                        Directory.Delete(building, recursive: true);
                    }
                }
            }
        }
    }

    // Splits the input into lines as bytes (no string per line) and hands each to the import, numbered from 1.
    private static async Task ReadLinesAsync(Stream input, Import import, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        int start = 0, end = 0, scanned = 0;
        long lineNumber = 0;
        var atEnd = false;
        while (true)
        {
            var newline = buffer.AsSpan(scanned, end - scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var lineEnd = scanned + newline;
                await import.AddLineAsync(++lineNumber, buffer, start, lineEnd - start, cancellationToken).ConfigureAwait(false);
                start = scanned = lineEnd + 1;
                continue;
            }

            scanned = end;
            if (atEnd)
            {
                if (end > start)
                {
                    await import.AddLineAsync(++lineNumber, buffer, start, end - start, cancellationToken).ConfigureAwait(false);
                }

                return;
            }

            if (start > 0)
            {
                Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                end -= start;
                scanned -= start;
                start = 0;
            }

            if (end == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            var read = await input.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
            atEnd = read == 0;
            end += read;
        }
    }

    /// <summary>The session being built: the recorder starts at the first event line, from its <c>session_start</c> if it is one.</summary>
    private sealed class Import(string directory, string codecName, string source) : IAsyncDisposable
    {
        private SessionRecorder? _recorder;
        private ManualTimeProvider? _clock;
        private long _events;
        private long? _lastSequence;
        private long _endLine;
        private string? _endReason;
        private TimeSpan _endTime;

        public async Task AddLineAsync(long lineNumber, byte[] buffer, int offset, int length, CancellationToken cancellationToken)
        {
            var line = Parse(lineNumber, buffer, offset, length);
            if (line is not { } e)
            {
                return;
            }

            if (_endLine > 0)
            {
                throw LineError(lineNumber, $"an event after the session's end (session_end on line {_endLine})");
            }

            if (e.Sequence is { } sequence)
            {
                if (_lastSequence is { } last && sequence <= last)
                {
                    throw LineError(lineNumber, $"seq {sequence} is not after the previous line's {last}; sequence numbers increase");
                }

                _lastSequence = sequence;
            }

            if (_recorder is null)
            {
                await StartAsync(e.Event as SessionStarted, cancellationToken).ConfigureAwait(false);
                _events++;
                if (e.Event is SessionStarted)
                {
                    return;
                }
            }

            switch (e.Event)
            {
                case SessionStarted:
                    throw LineError(lineNumber, "session_start can only be the first event");
                case SessionEnded ended:
                    // The recorder writes the end itself, at this time and for this reason.
                    _endLine = lineNumber;
                    _endReason = ended.Reason;
                    _endTime = e.Time;
                    return;
            }

            _clock!.MoveTo(e.Time);
            try
            {
                _recorder!.Record(e.Event, e.Time);
            }
            catch (InvalidSessionEventException ex)
            {
                throw LineError(lineNumber, ex.Message);
            }

            _events++;
        }

        public async Task<ImportEventsResult> CompleteAsync(CancellationToken cancellationToken)
        {
            if (_recorder is null)
            {
                throw new InvalidDataException("the input holds no events");
            }

            if (_endLine > 0)
            {
                if (_endTime < _recorder.Elapsed)
                {
                    throw LineError(_endLine, $"session_end at {_endTime} is earlier than the previous event's {_recorder.Elapsed}; time never goes backwards");
                }

                _clock!.MoveTo(_endTime);
            }

            await _recorder.CompleteAsync(_endReason ?? "imported", cancellationToken).ConfigureAwait(false);
            var id = _recorder.SessionId;
            await _recorder.DisposeAsync().ConfigureAwait(false);
            _recorder = null;
            return new ImportEventsResult(_events + 1, id);
        }

        public async ValueTask DisposeAsync()
        {
            if (_recorder is { } recorder)
            {
                _recorder = null;
                try
                {
                    await recorder.DisposeAsync().ConfigureAwait(false);
                }
#pragma warning disable CA1031 // The import already failed; its half-built directory is deleted whatever the recorder says.
                catch (Exception)
#pragma warning restore CA1031
                {
                }
            }
        }

        private static JsonlEventLine? Parse(long lineNumber, byte[] buffer, int offset, int length)
        {
            ReadOnlySpan<byte> line = buffer.AsSpan(offset, length);
            if (lineNumber == 1 && line.StartsWith("\uFEFF"u8))
            {
                line = line[3..];
            }

            if (line.EndsWith("\r"u8))
            {
                line = line[..^1];
            }

            if (line.Trim(" \t"u8).IsEmpty)
            {
                return null;
            }

            try
            {
                return JsonlCodec.ReadEvent(line);
            }
            catch (JsonException ex) when (ex.BytePositionInLine is { } position)
            {
                // The JSON reader's own message ends with its position on a line of its own count; give the byte instead.
                var message = ex.Message;
                var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
                throw LineError(lineNumber, $"not valid JSON at byte {position}: {(cut > 0 ? message[..cut] : message)}");
            }
            catch (JsonException ex)
            {
                throw LineError(lineNumber, $"not an event record: {ex.Message}");
            }
        }

        private async Task StartAsync(SessionStarted? started, CancellationToken cancellationToken)
        {
            // Without a session_start line, the session starts now with a new id.
            var clock = new ManualTimeProvider(started?.StartedAt ?? TimeProvider.System.GetUtcNow());
            var storage = CliStore.CreateStorage(codecName, clock);
            storage.Environment["source"] = "events:" + source;
            _recorder = await CliStore.StartAsync(
                directory,
                storage,
                new SessionRecorderOptions { TimeProvider = clock, FlushInterval = TimeSpan.FromDays(1), SessionId = started?.SessionId },
                cancellationToken).ConfigureAwait(false);
            _clock = clock;
        }

        private static InvalidDataException LineError(long lineNumber, string reason) => new($"line {lineNumber}: {reason}");
    }
}

/// <summary>What <c>import-events</c> recorded.</summary>
/// <param name="Events">The events of the session, its own start and end included.</param>
/// <param name="SessionId">The session's id.</param>
internal readonly record struct ImportEventsResult(long Events, string SessionId);
