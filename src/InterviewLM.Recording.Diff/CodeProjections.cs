using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace InterviewLM.Recording.Diff;

/// <summary>Writes the code channel's projections into a session directory: <c>files/&lt;fileId&gt;.diffs</c> and <c>files/&lt;fileId&gt;.hash</c>.</summary>
/// <remarks>
/// <para>
/// <c>.diffs</c> is JSON Lines, one line per <see cref="CodeSnapshot"/> of the file, in stream order:
/// <c>{"time":12.5,"hash":"…","diff":[{"op":"keep","count":3},{"op":"delete","count":1},{"op":"insert","lines":["x\n"]}],"fullContent":"…"}</c>
/// (<c>time</c> in seconds from session start, <c>fullContent</c> only when the snapshot carries it).
/// <c>.hash</c> holds the SHA-256 of the file's final content (as its edits leave it) and a newline.
/// </para>
/// <para>
/// File identifiers are used as file names with every character other than ASCII letters, digits, <c>-</c>, <c>_</c>
/// and <c>.</c> written as <c>%XX</c> (UTF-8). Projections are derived data: they are overwritten on every run.
/// </para>
/// </remarks>
public static class CodeProjections
{
    /// <summary>The folder, inside the session directory, holding the files.</summary>
    public const string FolderName = "files";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes the projections from a session's ordered events.</summary>
    /// <param name="events">The session's events, in order.</param>
    /// <param name="sessionDirectory">The session directory; <c>files/</c> is created in it.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The number of files written (a <c>.diffs</c> and a <c>.hash</c> per file ever created).</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The event stream is inconsistent (an edit does not fit its file).</exception>
    public static async Task<int> WriteAsync(IAsyncEnumerable<RecordedEvent> events, string sessionDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(sessionDirectory);
        using var writer = new ProjectionWriter(sessionDirectory);
        await foreach (var recorded in events.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            writer.Add(recorded);
        }

        return writer.Finish();
    }

    /// <summary>Writes the projections from a session's ordered events.</summary>
    /// <param name="events">The session's events, in order.</param>
    /// <param name="sessionDirectory">The session directory; <c>files/</c> is created in it.</param>
    /// <returns>The number of files written.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The event stream is inconsistent (an edit does not fit its file).</exception>
    public static int Write(IEnumerable<RecordedEvent> events, string sessionDirectory)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(sessionDirectory);
        using var writer = new ProjectionWriter(sessionDirectory);
        foreach (var recorded in events)
        {
            writer.Add(recorded);
        }

        return writer.Finish();
    }

    /// <summary>Gets the file name used for a file identifier (without extension).</summary>
    /// <param name="fileId">The file identifier.</param>
    /// <returns>The escaped name.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="fileId"/> is <see langword="null"/>.</exception>
    public static string EscapeFileId(string fileId)
    {
        ArgumentNullException.ThrowIfNull(fileId);
        var builder = new StringBuilder(fileId.Length);
        foreach (var b in Encoding.UTF8.GetBytes(fileId))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' || (c == '.' && builder.Length > 0))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    /// <summary>Writes one snapshot as a <c>.diffs</c> line (without the newline).</summary>
    /// <param name="destination">The buffer to write to.</param>
    /// <param name="time">The snapshot's session time.</param>
    /// <param name="snapshot">The snapshot.</param>
    internal static void WriteLine(IBufferWriter<byte> destination, TimeSpan time, CodeSnapshot snapshot)
    {
        using var json = new Utf8JsonWriter(destination, WriterOptions);
        json.WriteStartObject();
        json.WriteNumber("time", Math.Round(time.Ticks / (double)TimeSpan.TicksPerSecond, 6));
        json.WriteString("hash", snapshot.ContentHash);
        json.WriteStartArray("diff");
        foreach (var operation in snapshot.Diff)
        {
            json.WriteStartObject();
            switch (operation.Kind)
            {
                case LineDiffKind.Keep:
                    json.WriteString("op", "keep");
                    json.WriteNumber("count", operation.Count);
                    break;
                case LineDiffKind.Delete:
                    json.WriteString("op", "delete");
                    json.WriteNumber("count", operation.Count);
                    break;
                default:
                    json.WriteString("op", "insert");
                    json.WriteStartArray("lines");
                    foreach (var line in operation.Lines)
                    {
                        json.WriteStringValue(line);
                    }

                    json.WriteEndArray();
                    break;
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (snapshot.FullContent is not null)
        {
            json.WriteString("fullContent", snapshot.FullContent);
        }

        json.WriteEndObject();
    }

    private sealed class ProjectionWriter : IDisposable
    {
        private readonly string _folder;
        private readonly CodeWorkspace _workspace = new();
        private readonly Dictionary<string, FileStream> _diffs = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _finalContent = new(StringComparer.Ordinal);
        private readonly ArrayBufferWriter<byte> _line = new(4096);

        public ProjectionWriter(string sessionDirectory)
        {
            _folder = Path.Combine(sessionDirectory, FolderName);
            Directory.CreateDirectory(_folder);
        }

        public void Add(RecordedEvent recorded)
        {
            switch (recorded.Event)
            {
                case FileCreated created:
                    _workspace.Apply(created);
                    if (_diffs.TryGetValue(created.FileId, out var previous))
                    {
                        previous.Dispose();
                    }

                    _diffs[created.FileId] = new FileStream(Path.Combine(_folder, EscapeFileId(created.FileId) + ".diffs"), FileMode.Create, FileAccess.Write, FileShare.Read, 64 * 1024);
                    break;
                case FileDeleted deleted:
                    if (_workspace.TryGetFile(deleted.FileId, out var gone))
                    {
                        _finalContent[deleted.FileId] = gone.GetContent();
                    }

                    _workspace.Apply(deleted);
                    break;
                case CodeSnapshot snapshot:
                    _workspace.Apply(snapshot);
                    if (_diffs.TryGetValue(snapshot.FileId, out var stream))
                    {
                        _line.ResetWrittenCount();
                        WriteLine(_line, recorded.Time, snapshot);
                        stream.Write(_line.WrittenSpan);
                        stream.WriteByte((byte)'\n');
                    }

                    break;
                default:
                    _workspace.Apply(recorded.Event);
                    break;
            }
        }

        public int Finish()
        {
            foreach (var file in _workspace.Files)
            {
                _finalContent[file.FileId] = file.GetContent();
            }

            foreach (var (fileId, content) in _finalContent)
            {
                File.WriteAllText(Path.Combine(_folder, EscapeFileId(fileId) + ".hash"), ContentHasher.Hash(content) + "\n");
            }

            foreach (var stream in _diffs.Values)
            {
                stream.Flush();
            }

            return _diffs.Count * 2;
        }

        public void Dispose()
        {
            foreach (var stream in _diffs.Values)
            {
                stream.Dispose();
            }
        }
    }
}
