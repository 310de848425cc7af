using System.Globalization;
using System.Text.Json;
using InterviewLM.Recording.Storage.Jsonl;

namespace InterviewLM.Recording.Storage.Projections;

/// <summary>Writes <c>terminal.cast</c>: the terminal channel as asciicast v2 (output, input, resize and marker events).</summary>
/// <remarks>Nothing is written for a session without a terminal.</remarks>
public sealed class TerminalCastProjection : ISessionProjection
{
    /// <summary>The file name.</summary>
    public const string FileName = "terminal.cast";

    /// <inheritdoc/>
    public string Name => FileName;

    /// <inheritdoc/>
    public async Task WriteAsync(SessionDirectory session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var target = Path.Combine(session.Path, FileName);
        var temporary = target + ".tmp";
        var wroteHeader = false;
        DateTimeOffset startedAt = default;
        var output = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous);
        await using (output.ConfigureAwait(false))
        {
            using var json = new Utf8JsonWriter(output, JsonlBlockEncoder.WriterOptions);
            await foreach (var recorded in session.ReadEventsAsync(cancellationToken).ConfigureAwait(false))
            {
                switch (recorded.Event)
                {
                    case SessionStarted started:
                        startedAt = started.StartedAt;
                        break;
                    case TerminalStarted terminal when !wroteHeader:
                        json.WriteStartObject();
                        json.WriteNumber("version", 2);
                        json.WriteNumber("width", terminal.Columns);
                        json.WriteNumber("height", terminal.Rows);
                        json.WriteNumber("timestamp", startedAt.ToUnixTimeSeconds());
                        json.WriteStartObject("env");
                        json.WriteString("TERM", terminal.TermType ?? "xterm-256color");
                        json.WriteEndObject();
                        json.WriteEndObject();
                        await FlushLineAsync(json, output, cancellationToken).ConfigureAwait(false);
                        wroteHeader = true;
                        break;
                    case TerminalOutput o when wroteHeader:
                        await WriteEventAsync(json, output, recorded.Time, "o", o.Data, cancellationToken).ConfigureAwait(false);
                        break;
                    case TerminalInput i when wroteHeader:
                        await WriteEventAsync(json, output, recorded.Time, "i", i.Data, cancellationToken).ConfigureAwait(false);
                        break;
                    case TerminalResized r when wroteHeader:
                        await WriteEventAsync(json, output, recorded.Time, "r", string.Create(CultureInfo.InvariantCulture, $"{r.Columns}x{r.Rows}"), cancellationToken).ConfigureAwait(false);
                        break;
                    case Marker m when wroteHeader:
                        await WriteEventAsync(json, output, recorded.Time, "m", m.Label, cancellationToken).ConfigureAwait(false);
                        break;
                }
            }
        }

        if (wroteHeader)
        {
            File.Move(temporary, target, overwrite: true);
        }
        else
        {
            File.Delete(temporary);
        }
    }

    private static async Task WriteEventAsync(Utf8JsonWriter json, Stream output, TimeSpan time, string code, string data, CancellationToken cancellationToken)
    {
        json.WriteStartArray();
        json.WriteRawValue((time.Ticks / (double)TimeSpan.TicksPerSecond).ToString("0.000000", CultureInfo.InvariantCulture), skipInputValidation: true);
        json.WriteStringValue(code);
        json.WriteStringValue(data);
        json.WriteEndArray();
        await FlushLineAsync(json, output, cancellationToken).ConfigureAwait(false);
    }

    private static async Task FlushLineAsync(Utf8JsonWriter json, Stream output, CancellationToken cancellationToken)
    {
        await json.FlushAsync(cancellationToken).ConfigureAwait(false);
        json.Reset();
        output.WriteByte((byte)'\n');
    }
}
