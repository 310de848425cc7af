using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Diff;

/// <summary>Represents the code channel's projections: <c>files/&lt;fileId&gt;.diffs</c> and <c>files/&lt;fileId&gt;.hash</c>, folded as events pass.</summary>
/// <remarks>
/// <para>
/// <c>.diffs</c> is JSON Lines, one line per <see cref="CodeSnapshot"/> of the file, in stream order:
/// <c>{"time":12.5,"hash":"…","diff":[{"op":"keep","count":3},{"op":"delete","count":1},{"op":"insert","lines":["x\n"]}],"fullContent":"…"}</c>
/// (<c>time</c> in seconds from session start, <c>fullContent</c> only when the snapshot carries it).
/// <c>.hash</c> holds the SHA-256 of the file's final content (as its edits leave it) and a newline.
/// </para>
/// <para>
/// File identifiers are used as file names with every character other than ASCII letters, digits, <c>-</c>, <c>_</c>
/// and <c>.</c> written as <c>%XX</c> (UTF-8). Projections are derived data: they are overwritten on every run. Add it to a pipeline with
/// <see cref="CodeSessionPipelineBuilderExtensions.UseCodeFiles"/>.
/// </para>
/// </remarks>
public sealed class CodeProjections : ISessionProjection
{
    /// <summary>The folder, inside the session directory, holding the files.</summary>
    public const string FolderName = "files";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly CodeWorkspace _workspace = new();
    private readonly Dictionary<string, ArrayBufferWriter<byte>> _diffs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _finalContent = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public string Name => FolderName + "/";

    /// <summary>Gets the number of objects <see cref="WriteAsync"/> writes: a <c>.diffs</c> and a <c>.hash</c> per file ever created.</summary>
    public int Count => _diffs.Count * 2;

    /// <summary>Folds one event.</summary>
    /// <param name="recorded">The event; events arrive in stream order.</param>
    /// <exception cref="ArgumentNullException"><paramref name="recorded"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The event stream is inconsistent (an edit does not fit its file).</exception>
    public void Apply(RecordedEvent recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        switch (recorded.Event)
        {
            case FileCreated created:
                _workspace.Apply(created);
                _diffs[created.FileId] = new ArrayBufferWriter<byte>(4096); // a file created again starts its history again
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
                if (_diffs.TryGetValue(snapshot.FileId, out var lines))
                {
                    WriteLine(lines, recorded.Time, snapshot);
                    lines.Write("\n"u8);
                }

                break;
            default:
                _workspace.Apply(recorded.Event);
                break;
        }
    }

    /// <summary>Writes <c>files/&lt;fileId&gt;.diffs</c> and <c>.hash</c> for every file ever created, from the events folded so far.</summary>
    /// <param name="session">The session's objects.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the objects are written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="session"/> is <see langword="null"/>.</exception>
    public async ValueTask WriteAsync(ISessionObjects session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var finalContent = new Dictionary<string, string>(_finalContent, StringComparer.Ordinal);
        foreach (var file in _workspace.Files)
        {
            finalContent[file.FileId] = file.GetContent();
        }

        foreach (var (fileId, lines) in _diffs)
        {
            var name = FolderName + "/" + EscapeFileId(fileId);
            await session.ReplaceAsync(name + ".diffs", lines.WrittenMemory, cancellationToken).ConfigureAwait(false);
            var hash = finalContent.TryGetValue(fileId, out var content) ? ContentHasher.Hash(content) : ContentHasher.Hash(string.Empty);
            await session.ReplaceAsync(name + ".hash", Encoding.UTF8.GetBytes(hash + "\n"), cancellationToken).ConfigureAwait(false);
        }
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

}
