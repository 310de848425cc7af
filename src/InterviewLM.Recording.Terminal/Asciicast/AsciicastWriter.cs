using System.Buffers;
using System.Buffers.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace InterviewLM.Recording.Terminal;

/// <summary>Writes an asciicast v2 or v3 recording one event at a time.</summary>
/// <remarks>
/// <para>
/// Events carry absolute times (as <see cref="AsciicastReader"/> returns them). v2 stores them as absolute seconds with
/// microsecond precision. v3 stores the interval since the previous event in whole milliseconds, error-diffused: each
/// interval is rounded from the true time minus the time already written, so the running sum of written intervals never
/// drifts more than 0.5 ms from the true time however long the recording is.
/// </para>
/// <para>
/// Times must not go backwards; an earlier time is written as the previous one. Text is written as UTF-8 with only the
/// characters JSON requires escaped (control characters as <c>\u001b</c>). Output is buffered; call <see cref="Flush"/> or
/// dispose the writer to write it out. An instance is not thread-safe.
/// </para>
/// </remarks>
public sealed class AsciicastWriter : IDisposable, IAsyncDisposable
{
    private const int FlushThreshold = 64 * 1024;
    private static readonly JsonWriterOptions s_jsonOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly ArrayBufferWriter<byte> _buffer = new(FlushThreshold + 4096);
    private readonly Utf8JsonWriter _json;
    private long _lastTicks;
    private long _writtenTicks;
    private bool _disposed;

    private AsciicastWriter(Stream stream, AsciicastHeader header, bool leaveOpen)
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
        Header = header;
        _json = new Utf8JsonWriter(_buffer, s_jsonOptions);
        WriteHeader(header);
    }

    /// <summary>Gets the header written at the top of the recording.</summary>
    public AsciicastHeader Header { get; }

    /// <summary>Gets the time last written, as a reader will accumulate it (for v3, within 0.5 ms of the true time).</summary>
    public TimeSpan WrittenTime => new(_writtenTicks);

    /// <summary>Starts a recording: validates <paramref name="header"/> and buffers it.</summary>
    /// <param name="stream">Where the recording goes.</param>
    /// <param name="header">The header; its <see cref="AsciicastHeader.Version"/> (2 or 3) selects the format.</param>
    /// <param name="leaveOpen"><see langword="true"/> to leave <paramref name="stream"/> open when the writer is disposed.</param>
    /// <returns>The writer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> or <paramref name="header"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The version is not 2 or 3, or the size is not positive.</exception>
    public static AsciicastWriter Create(Stream stream, AsciicastHeader header, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(header);
        if (header.Version is not (2 or 3))
        {
            throw new ArgumentException($"Only asciicast v2 and v3 can be written, not v{header.Version}.", nameof(header));
        }

        if (header.Columns <= 0 || header.Rows <= 0)
        {
            throw new ArgumentException($"The terminal size must be positive, not {header.Columns}x{header.Rows}.", nameof(header));
        }

        return new AsciicastWriter(stream, header, leaveOpen);
    }

    /// <summary>Buffers an event.</summary>
    /// <param name="value">The event, with its absolute time.</param>
    /// <exception cref="ArgumentException">The code is empty, or the data is <see langword="null"/>.</exception>
    /// <exception cref="ObjectDisposedException">The writer is disposed.</exception>
    public void Write(AsciicastEvent value)
    {
        Append(value);
        if (_buffer.WrittenCount >= FlushThreshold)
        {
            FlushBuffer();
        }
    }

    /// <summary>Buffers an event, writing the buffer out asynchronously when it is full.</summary>
    /// <param name="value">The event, with its absolute time.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the event is buffered.</returns>
    /// <exception cref="ArgumentException">The code is empty, or the data is <see langword="null"/>.</exception>
    /// <exception cref="ObjectDisposedException">The writer is disposed.</exception>
    public ValueTask WriteAsync(AsciicastEvent value, CancellationToken cancellationToken = default)
    {
        Append(value);
        return _buffer.WrittenCount >= FlushThreshold ? FlushBufferAsync(flushStream: false, cancellationToken) : ValueTask.CompletedTask;
    }

    /// <summary>Buffers a comment line (v3 only; v2 has no comments).</summary>
    /// <param name="text">The comment, on one line.</param>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The text spans lines.</exception>
    /// <exception cref="InvalidOperationException">The recording is v2.</exception>
    public void WriteComment(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Header.Version != 3)
        {
            throw new InvalidOperationException("Comments are only allowed in asciicast v3.");
        }

        if (text.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException("A comment must fit on one line.", nameof(text));
        }

        WriteUtf8("# "u8);
        var span = _buffer.GetSpan(System.Text.Encoding.UTF8.GetMaxByteCount(text.Length));
        _buffer.Advance(System.Text.Encoding.UTF8.GetBytes(text, span));
        WriteUtf8("\n"u8);
    }

    /// <summary>Writes everything buffered to the stream and flushes it.</summary>
    /// <exception cref="ObjectDisposedException">The writer is disposed.</exception>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        FlushBuffer();
        _stream.Flush();
    }

    /// <summary>Writes everything buffered to the stream and flushes it, asynchronously.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the stream is flushed.</returns>
    /// <exception cref="ObjectDisposedException">The writer is disposed.</exception>
    public ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return FlushBufferAsync(flushStream: true, cancellationToken);
    }

    /// <summary>Flushes and, unless the writer was created with <c>leaveOpen</c>, closes the stream.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            Flush();
        }
        finally
        {
            _disposed = true;
            _json.Dispose();
            if (!_leaveOpen)
            {
                _stream.Dispose();
            }
        }
    }

    /// <summary>Flushes and, unless the writer was created with <c>leaveOpen</c>, closes the stream, asynchronously.</summary>
    /// <returns>A task that completes when the writer is disposed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            await FlushAsync().ConfigureAwait(false);
        }
        finally
        {
            _disposed = true;
            await _json.DisposeAsync().ConfigureAwait(false);
            if (!_leaveOpen)
            {
                await _stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Formats a number of ticks as seconds with up to <paramref name="decimals"/> decimals (at least one).</summary>
    internal static int FormatSeconds(long ticks, int decimals, Span<byte> destination)
    {
        var unit = decimals == 6 ? 10L : TimeSpan.TicksPerMillisecond;
        var scale = decimals == 6 ? 1_000_000L : 1000L;
        var units = ticks / unit;
        Utf8Formatter.TryFormat(units / scale, destination, out var written);
        destination[written++] = (byte)'.';
        var fraction = units % scale;
        Utf8Formatter.TryFormat(fraction, destination[written..], out var fractionLength, new StandardFormat('D', (byte)decimals));
        while (fractionLength > 1 && destination[written + fractionLength - 1] == (byte)'0')
        {
            fractionLength--;
        }

        return written + fractionLength;
    }

    /// <summary>Gets a value indicating whether the buffer is due to be written out.</summary>
    internal bool IsFull => _buffer.WrittenCount >= FlushThreshold;

    /// <summary>Writes the buffer out if it is full.</summary>
    internal void FlushIfFull()
    {
        if (IsFull)
        {
            FlushBuffer();
        }
    }

    /// <summary>Buffers an event without ever writing to the stream.</summary>
    internal void Append(AsciicastEvent value)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (string.IsNullOrEmpty(value.Code))
        {
            throw new ArgumentException("The event code must not be empty.", nameof(value));
        }

        if (value.Data is null)
        {
            throw new ArgumentException("The event data must not be null.", nameof(value));
        }

        var ticks = Math.Max(value.Time.Ticks, _lastTicks);
        _lastTicks = ticks;
        Span<byte> number = stackalloc byte[32];
        int length;
        if (Header.Version == 2)
        {
            // Round to the microsecond that is written, so WrittenTime is what a reader gets back.
            var micros = (ticks + 5) / 10;
            _writtenTicks = micros * 10;
            length = FormatSeconds(_writtenTicks, 6, number);
        }
        else
        {
            // Error diffusion: round what is still owed, not the interval itself, so the written sum tracks the true time.
            var owed = ticks - _writtenTicks;
            var milliseconds = (owed + (TimeSpan.TicksPerMillisecond / 2)) / TimeSpan.TicksPerMillisecond;
            if (milliseconds < 0)
            {
                milliseconds = 0;
            }

            _writtenTicks += milliseconds * TimeSpan.TicksPerMillisecond;
            length = FormatSeconds(milliseconds * TimeSpan.TicksPerMillisecond, 3, number);
        }

        _json.Reset(_buffer);
        _json.WriteStartArray();
        _json.WriteRawValue(number[..length], skipInputValidation: true);
        _json.WriteStringValue(value.Code);
        _json.WriteStringValue(value.Data);
        _json.WriteEndArray();
        _json.Flush();
        WriteUtf8("\n"u8);
    }

    private void WriteHeader(AsciicastHeader header)
    {
        _json.WriteStartObject();
        _json.WriteNumber("version", header.Version);
        if (header.Version == 2)
        {
            _json.WriteNumber("width", header.Columns);
            _json.WriteNumber("height", header.Rows);
        }
        else
        {
            _json.WriteStartObject("term");
            _json.WriteNumber("cols", header.Columns);
            _json.WriteNumber("rows", header.Rows);
            WriteOptional("type", header.TermType);
            WriteOptional("version", header.TermVersion);
            WriteTheme(header.Theme);
            _json.WriteEndObject();
        }

        if (header.Timestamp is { } timestamp)
        {
            _json.WriteNumber("timestamp", timestamp.ToUnixTimeSeconds());
        }

        if (header.Version == 2 && header.Duration is { } duration)
        {
            _json.WriteNumber("duration", Math.Round(duration.TotalSeconds, 6));
        }

        if (header.IdleTimeLimit is { } idle)
        {
            _json.WriteNumber("idle_time_limit", Math.Round(idle.TotalSeconds, 6));
        }

        WriteOptional("command", header.Command);
        WriteOptional("title", header.Title);
        if (header.Env is { } env)
        {
            _json.WriteStartObject("env");
            foreach (var (name, value) in env)
            {
                _json.WriteString(name, value);
            }

            _json.WriteEndObject();
        }

        if (header.Version == 2)
        {
            WriteTheme(header.Theme);
        }
        else if (header.Tags is { } tags)
        {
            _json.WriteStartArray("tags");
            foreach (var tag in tags)
            {
                _json.WriteStringValue(tag);
            }

            _json.WriteEndArray();
        }

        _json.WriteEndObject();
        _json.Flush();
        WriteUtf8("\n"u8);
    }

    private void WriteTheme(AsciicastTheme? theme)
    {
        if (theme is null)
        {
            return;
        }

        _json.WriteStartObject("theme");
        _json.WriteString("fg", theme.Foreground);
        _json.WriteString("bg", theme.Background);
        WriteOptional("palette", theme.Palette);
        _json.WriteEndObject();
    }

    private void WriteOptional(string name, string? value)
    {
        if (value is not null)
        {
            _json.WriteString(name, value);
        }
    }

    private void WriteUtf8(ReadOnlySpan<byte> bytes) => _buffer.Write(bytes);

    private void FlushBuffer()
    {
        if (_buffer.WrittenCount > 0)
        {
            _stream.Write(_buffer.WrittenSpan);
            _buffer.ResetWrittenCount();
        }
    }

    private async ValueTask FlushBufferAsync(bool flushStream, CancellationToken cancellationToken)
    {
        if (_buffer.WrittenCount > 0)
        {
            await _stream.WriteAsync(_buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
            _buffer.ResetWrittenCount();
        }

        if (flushStream)
        {
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
