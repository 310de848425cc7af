using System.Globalization;
using System.IO.Compression;
using System.Text.Json;

namespace InterviewLM.Recording.Diff;

/// <summary>Represents a sequential editing trace (josephg/editing-traces format): transactions of <c>[position, deleteCount, insertedText]</c> patches counted in Unicode code points.</summary>
public sealed class EditingTrace
{
    private EditingTrace(string name, string startContent, string endContent, IReadOnlyList<EditingTraceTransaction> transactions)
    {
        Name = name;
        StartContent = startContent;
        EndContent = endContent;
        Transactions = transactions;
    }

    /// <summary>Gets the trace's name (its file name without <c>.json.gz</c>), for example <c>automerge-paper</c>.</summary>
    public string Name { get; }

    /// <summary>Gets the content before the first patch.</summary>
    public string StartContent { get; }

    /// <summary>Gets the content after the last patch, as the trace states it.</summary>
    public string EndContent { get; }

    /// <summary>Gets the transactions in order.</summary>
    public IReadOnlyList<EditingTraceTransaction> Transactions { get; }

    /// <summary>Gets the total number of patches.</summary>
    public int PatchCount => Transactions.Sum(static t => t.Patches.Count);

    /// <summary>Loads a trace from a <c>.json.gz</c> or <c>.json</c> file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The trace, named after the file.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidDataException">The file is not an editing trace.</exception>
    public static EditingTrace Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var fileName = Path.GetFileName(path);
        var name = fileName.EndsWith(".json.gz", StringComparison.OrdinalIgnoreCase) ? fileName[..^8]
            : fileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? fileName[..^5]
            : Path.GetFileNameWithoutExtension(fileName);
        using var file = File.OpenRead(path);
        var isGzip = file.ReadByte() == 0x1f && file.ReadByte() == 0x8b;
        file.Position = 0;
        using Stream content = isGzip ? new GZipStream(file, CompressionMode.Decompress) : file;
        return Parse(content, name);
    }

    /// <summary>Parses a trace from UTF-8 JSON.</summary>
    /// <param name="utf8Json">The JSON stream (not compressed).</param>
    /// <param name="name">The trace's name.</param>
    /// <returns>The trace.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="InvalidDataException">The JSON is not an editing trace.</exception>
    public static EditingTrace Parse(Stream utf8Json, string name)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        ArgumentNullException.ThrowIfNull(name);
        try
        {
            using var document = JsonDocument.Parse(utf8Json, new JsonDocumentOptions { MaxDepth = 16 });
            var root = document.RootElement;
            var start = root.TryGetProperty("startContent", out var s) ? s.GetString() ?? string.Empty : string.Empty;
            var end = root.TryGetProperty("endContent", out var e) ? e.GetString() ?? string.Empty : string.Empty;
            if (!root.TryGetProperty("txns", out var txns) || txns.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException($"Editing trace '{name}' has no 'txns' array.");
            }

            var transactions = new List<EditingTraceTransaction>(txns.GetArrayLength());
            foreach (var txn in txns.EnumerateArray())
            {
                DateTimeOffset? time = null;
                if (txn.TryGetProperty("time", out var t) && t.ValueKind == JsonValueKind.String)
                {
                    time = DateTimeOffset.Parse(t.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
                }

                var patchesElement = txn.GetProperty("patches");
                var patches = new EditingTracePatch[patchesElement.GetArrayLength()];
                var i = 0;
                foreach (var patch in patchesElement.EnumerateArray())
                {
                    if (patch.GetArrayLength() != 3)
                    {
                        throw new InvalidDataException($"Editing trace '{name}': transaction {transactions.Count} has a patch that is not [position, deleteCount, text].");
                    }

                    patches[i++] = new EditingTracePatch(patch[0].GetInt32(), patch[1].GetInt32(), patch[2].GetString() ?? string.Empty);
                }

                transactions.Add(new EditingTraceTransaction(time, patches));
            }

            return new EditingTrace(name, start, end, transactions);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            throw new InvalidDataException($"Editing trace '{name}' is not valid: {ex.Message}", ex);
        }
    }
}
