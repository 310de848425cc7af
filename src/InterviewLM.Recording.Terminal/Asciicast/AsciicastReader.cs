using System.Runtime.CompilerServices;
using System.Text.Json;

namespace InterviewLM.Recording.Terminal;

/// <summary>Reads an asciicast recording (v1, v2 or v3) as a header and a stream of events with absolute times.</summary>
/// <remarks>
/// <para>
/// v2 and v3 (newline-delimited JSON) are read one line at a time, so a recording of any size streams in constant memory;
/// v1, a single JSON document, is parsed whole. v3 intervals and v1 delays are accumulated exactly (in ticks), so
/// <see cref="AsciicastEvent.Time"/> is always the time since the start. Blank lines are skipped, and so are v3 <c>#</c> comments.
/// </para>
/// <para>
/// The reader is strict: a malformed line, an event that is not <c>[time, code, data]</c> with a non-negative number, a string
/// code and string data, a missing size or an unsupported version throws <see cref="AsciicastFormatException"/> naming the line.
/// Resize events with an unusable size are returned as they are (see <see cref="AsciicastEvent.TryGetSize"/>), as players ignore them.
/// An instance is not thread-safe.
/// </para>
/// </remarks>
public sealed class AsciicastReader : IDisposable, IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly Utf8LineReader _lines;
    private readonly Queue<AsciicastEvent>? _v1Events;
    private long _timeTicks;

    private AsciicastReader(Stream stream, bool leaveOpen, Utf8LineReader lines, AsciicastHeader header, Queue<AsciicastEvent>? v1Events)
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
        _lines = lines;
        Header = header;
        _v1Events = v1Events;
    }

    /// <summary>Gets the header.</summary>
    public AsciicastHeader Header { get; }

    /// <summary>Gets the 1-based number of the line last read (for a v1 file, the whole document has been read).</summary>
    public long LineNumber => _lines.LineNumber;

    /// <summary>Opens a recording and reads its header.</summary>
    /// <param name="stream">The recording; read forward only.</param>
    /// <param name="leaveOpen"><see langword="true"/> to leave <paramref name="stream"/> open when the reader is disposed.</param>
    /// <returns>The reader, positioned before the first event.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <exception cref="AsciicastFormatException">The header is malformed or the version is not 1, 2 or 3.</exception>
    public static AsciicastReader Open(Stream stream, bool leaveOpen = false)
        => SyncValueTask.Result(OpenCoreAsync(stream, leaveOpen, async: false, CancellationToken.None));

    /// <summary>Opens a recording and reads its header asynchronously.</summary>
    /// <param name="stream">The recording; read forward only.</param>
    /// <param name="leaveOpen"><see langword="true"/> to leave <paramref name="stream"/> open when the reader is disposed.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The reader, positioned before the first event.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <exception cref="AsciicastFormatException">The header is malformed or the version is not 1, 2 or 3.</exception>
    public static ValueTask<AsciicastReader> OpenAsync(Stream stream, bool leaveOpen = false, CancellationToken cancellationToken = default)
        => OpenCoreAsync(stream, leaveOpen, async: true, cancellationToken);

    /// <summary>Opens a recording file and reads its header.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The reader, which owns the file.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="AsciicastFormatException">The header is malformed or the version is not 1, 2 or 3.</exception>
    public static AsciicastReader Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        try
        {
            return Open(stream);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Reads the next event.</summary>
    /// <param name="value">The event.</param>
    /// <returns><see langword="false"/> at the end of the recording.</returns>
    /// <exception cref="AsciicastFormatException">The next non-blank line is malformed.</exception>
    public bool TryRead(out AsciicastEvent value)
    {
        // Synchronous core: the ValueTask is always already completed.
        var next = SyncValueTask.Result(ReadCoreAsync(async: false, CancellationToken.None));
        value = next.GetValueOrDefault();
        return next.HasValue;
    }

    /// <summary>Reads the next event asynchronously.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The event, or <see langword="null"/> at the end of the recording.</returns>
    /// <exception cref="AsciicastFormatException">The next non-blank line is malformed.</exception>
    public ValueTask<AsciicastEvent?> ReadAsync(CancellationToken cancellationToken = default) => ReadCoreAsync(async: true, cancellationToken);

    /// <summary>Reads the remaining events.</summary>
    /// <returns>The events, read lazily.</returns>
    /// <exception cref="AsciicastFormatException">A line is malformed (thrown when it is reached).</exception>
    public IEnumerable<AsciicastEvent> ReadEvents()
    {
        while (TryRead(out var value))
        {
            yield return value;
        }
    }

    /// <summary>Reads the remaining events asynchronously.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The events, read lazily.</returns>
    /// <exception cref="AsciicastFormatException">A line is malformed (thrown when it is reached).</exception>
    public async IAsyncEnumerable<AsciicastEvent> ReadEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await ReadCoreAsync(async: true, cancellationToken).ConfigureAwait(false) is { } value)
        {
            yield return value;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _leaveOpen ? ValueTask.CompletedTask : _stream.DisposeAsync();

    private static async ValueTask<AsciicastReader> OpenCoreAsync(Stream stream, bool leaveOpen, bool async, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var lines = new Utf8LineReader(stream);
        if (!await lines.ReadLineAsync(async, cancellationToken).ConfigureAwait(false) || lines.Current.Span.Trim(" \t"u8).IsEmpty)
        {
            throw new AsciicastFormatException(1, "The recording is empty or does not start with a header.");
        }

        var firstLine = lines.Current.ToArray();
        JsonDocument? document = null;
        try
        {
            document = JsonDocument.Parse(firstLine);
        }
        catch (JsonException)
        {
            // Not a complete JSON value on one line: a v1 document (pretty-printed), or garbage that the v1 parser reports precisely.
        }

        if (document is null)
        {
            var rest = await lines.ReadRestAsync(async, cancellationToken).ConfigureAwait(false);
            return ParseV1(stream, leaveOpen, lines, [.. firstLine, (byte)'\n', .. rest]);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new AsciicastFormatException(1, "The header must be a JSON object.");
            }

            var fields = AsciicastHeaderParser.Fields(document.RootElement, 1);
            var version = AsciicastHeaderParser.ReadVersion(fields, 1);
            switch (version)
            {
                case 2 or 3:
                    return new AsciicastReader(stream, leaveOpen, lines, AsciicastHeaderParser.Parse(version, fields, 1), v1Events: null);
                case 1:
                    var rest = await lines.ReadRestAsync(async, cancellationToken).ConfigureAwait(false);
                    return ParseV1(stream, leaveOpen, lines, [.. firstLine, (byte)'\n', .. rest]);
                case 0:
                    throw new AsciicastFormatException(1, "The header has no \"version\".");
                default:
                    throw new AsciicastFormatException(1, $"Unsupported asciicast version {version}; only 1, 2 and 3 can be read.");
            }
        }
    }

    private static AsciicastReader ParseV1(Stream stream, bool leaveOpen, Utf8LineReader lines, byte[] document)
    {
        var reader = new Utf8JsonReader(document, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        var fields = new Dictionary<string, (JsonElement Value, long Line)>(StringComparer.Ordinal);
        var events = new Queue<AsciicastEvent>();
        var hasStdout = false;
        long LineAt(long offset) => 1 + document.AsSpan(0, (int)offset).Count((byte)'\n');
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new AsciicastFormatException(1, "The recording must be a JSON object (asciicast v1) or start with a header line (v2, v3).");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                var nameLine = LineAt(reader.TokenStartIndex);
                reader.Read();
                if (name == "stdout")
                {
                    ReadV1Frames(ref reader, events, LineAt);
                    hasStdout = true;
                }
                else
                {
                    fields[name] = (JsonElement.ParseValue(ref reader), nameLine);
                }
            }

            if (reader.Read())
            {
                throw new AsciicastFormatException(LineAt(reader.TokenStartIndex), "Unexpected content after the asciicast v1 document.");
            }
        }
        catch (JsonException ex)
        {
            throw new AsciicastFormatException((ex.LineNumber ?? 0) + 1, "Malformed JSON: " + JsonMessage(ex));
        }
        catch (InvalidOperationException ex)
        {
            throw new AsciicastFormatException(LineAt(reader.TokenStartIndex), "Invalid text: " + ex.Message, ex);
        }

        var version = AsciicastHeaderParser.ReadVersion(fields, 1);
        if (version != 1)
        {
            var line = fields.TryGetValue("version", out var field) ? field.Line : 1;
            throw new AsciicastFormatException(line, version == 0
                ? "The recording has no \"version\"."
                : $"Unsupported asciicast version {version}; only 1, 2 and 3 can be read.");
        }

        if (!hasStdout)
        {
            throw new AsciicastFormatException(1, "The asciicast v1 document has no \"stdout\".");
        }

        var header = AsciicastHeaderParser.Parse(1, fields, 1);
        return new AsciicastReader(stream, leaveOpen, lines, header, events);
    }

    private static void ReadV1Frames(ref Utf8JsonReader reader, Queue<AsciicastEvent> events, Func<long, long> lineAt)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new AsciicastFormatException(lineAt(reader.TokenStartIndex), "\"stdout\" must be an array of [delay, data] frames.");
        }

        long time = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var line = lineAt(reader.TokenStartIndex);
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new AsciicastFormatException(line, "A frame must be a [delay, data] array.");
            }

            reader.Read();
            if (reader.TokenType != JsonTokenType.Number || !AsciicastHeaderParser.TryGetTicks(ref reader, out var delay))
            {
                throw new AsciicastFormatException(line, "A frame's delay must be a non-negative number.");
            }

            reader.Read();
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new AsciicastFormatException(line, "A frame's data must be a string.");
            }

            var data = reader.GetString()!;
            if (!reader.Read() || reader.TokenType != JsonTokenType.EndArray)
            {
                throw new AsciicastFormatException(line, "A frame must have exactly 2 elements: [delay, data].");
            }

            time += delay;
            events.Enqueue(new AsciicastEvent(new TimeSpan(time), AsciicastEventCodes.Output, data));
        }
    }

    /// <summary>The parser's message without its own 0-based position (the exception states the line).</summary>
    private static string JsonMessage(JsonException ex)
    {
        var message = ex.Message;
        var position = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return position > 0 ? message[..position] : message;
    }

    private async ValueTask<AsciicastEvent?> ReadCoreAsync(bool async, CancellationToken cancellationToken)
    {
        if (_v1Events is not null)
        {
            return _v1Events.TryDequeue(out var v1) ? v1 : null;
        }

        while (await _lines.ReadLineAsync(async, cancellationToken).ConfigureAwait(false))
        {
            var line = _lines.Current.Span;
            var trimmed = line.Trim(" \t"u8);
            if (trimmed.IsEmpty || (Header.Version == 3 && trimmed[0] == (byte)'#'))
            {
                continue;
            }

            return ParseEvent(line);
        }

        return null;
    }

    private AsciicastEvent ParseEvent(ReadOnlySpan<byte> line)
    {
        var lineNumber = _lines.LineNumber;
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                throw new AsciicastFormatException(lineNumber, $"An event must be a [time, code, data] array: {AsciicastHeaderParser.Describe(line)}");
            }

            if (!reader.Read() || reader.TokenType != JsonTokenType.Number || !AsciicastHeaderParser.TryGetTicks(ref reader, out var ticks))
            {
                throw new AsciicastFormatException(lineNumber, "An event's time must be a non-negative number of seconds.");
            }

            if (!reader.Read() || reader.TokenType != JsonTokenType.String)
            {
                throw new AsciicastFormatException(lineNumber, "An event's code must be a string.");
            }

            var code = reader.GetString()!;
            if (code.Length == 0)
            {
                throw new AsciicastFormatException(lineNumber, "An event's code must not be empty.");
            }

            if (!reader.Read() || reader.TokenType != JsonTokenType.String)
            {
                throw new AsciicastFormatException(lineNumber, "An event's data must be a string.");
            }

            var data = reader.GetString()!;
            if (!reader.Read() || reader.TokenType != JsonTokenType.EndArray)
            {
                throw new AsciicastFormatException(lineNumber, "An event must have exactly 3 elements: [time, code, data].");
            }

            if (reader.Read())
            {
                throw new AsciicastFormatException(lineNumber, "Unexpected content after the event.");
            }

            if (Header.Version == 3)
            {
                _timeTicks = checked(_timeTicks + ticks);
            }
            else
            {
                _timeTicks = ticks;
            }

            return new AsciicastEvent(new TimeSpan(_timeTicks), code, data);
        }
        catch (JsonException ex)
        {
            throw new AsciicastFormatException(lineNumber, "Malformed JSON: " + JsonMessage(ex));
        }
        catch (InvalidOperationException ex)
        {
            throw new AsciicastFormatException(lineNumber, "Invalid text in the event: " + ex.Message, ex);
        }
        catch (OverflowException ex)
        {
            throw new AsciicastFormatException(lineNumber, "The accumulated time is too large.", ex);
        }
    }
}
