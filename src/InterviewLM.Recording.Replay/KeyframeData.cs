using System.Text;
using InterviewLM.Recording.Diff;
using InterviewLM.Recording.Terminal;

namespace InterviewLM.Recording.Replay;

/// <summary>One keyframe, decoded: the fold's state with references to earlier keyframes for what did not change.</summary>
/// <remarks>
/// Binary layout (little-endian, strings as UTF-8 with a 7-bit length): version byte; the embedded
/// <see cref="SessionSummary"/> (<see cref="SessionSummary.ToBytes"/>, with a 7-bit length: time, counts, files, named
/// moments); the sequence numbers of the Claude interactions and markers so far (deltas; a
/// reader with the whole session takes them from its lists, a reader seeking in a file reads their blocks); the
/// workspace's and the fold's problems; then each live file in creation order — id, path, language, and its content:
/// a reference to the earlier keyframe that stored it unchanged; the sequence number of the full-content snapshot event
/// in the stream whose content it equals (a keyframe placed after a snapshot repeats nothing the stream holds); changes
/// (<see cref="CharDiff"/>) from such a snapshot or from its copy in an earlier keyframe (chains of at most 16); or in
/// full — followed by the latest snapshot's hash and the snapshot's content (absent, equal to the content, or changes
/// from the content); then the terminal screen inline (a
/// <see cref="ScreenSnapshot"/>), by reference, or absent.
/// </remarks>
internal sealed class KeyframeData
{
    /// <summary>The format written and read; version 4 embeds the session's <see cref="SessionSummary"/> in place of version 3's own counters.</summary>
    internal const byte FormatVersion = 4;
    private const byte KindFull = 0;
    private const byte KindReference = 1;
    private const byte KindDiff = 3;
    private const byte KindSnapshot = 4;
    private const byte KindSnapshotDiff = 5;
    private const int MaxChain = 16;

    public TimeSpan Time { get; init; }

    public long EventCount { get; init; }

    public long LastSequence { get; init; }

    public bool Ended { get; init; }

    /// <summary>Gets the serialized <see cref="SessionSummary"/> (read again for every restore, so no two states share one).</summary>
    public ReadOnlyMemory<byte> Summary { get; init; }

    public int InteractionCount => InteractionSequences.Length;

    public int MarkerCount => MarkerSequences.Length;

    public long[] InteractionSequences { get; init; } = [];

    public long[] MarkerSequences { get; init; } = [];

    public IReadOnlyList<string> WorkspaceProblems { get; init; } = [];

    public IReadOnlyList<string> OwnProblems { get; init; } = [];

    public IReadOnlyList<FileEntry> Files { get; init; } = [];

    public Dictionary<string, FileEntry> FilesById { get; } = new(StringComparer.Ordinal);

    public ScreenSnapshot? Terminal { get; init; }

    public int? TerminalStoredIn { get; init; }

    /// <summary>Captures a state. With a history, unchanged files and screens become references to the keyframe that holds them, and a changed file is stored by reference to a full-content snapshot event or as changes from one or from its copy in an earlier keyframe (a full copy every 16 links, or when the changes are large).</summary>
    /// <param name="state">The state.</param>
    /// <param name="history">What earlier keyframes hold (updated), or <see langword="null"/> to store everything inline.</param>
    /// <param name="number">This keyframe's number.</param>
    /// <param name="fullSnapshots">Per file, the last full-content snapshot event in the stream, or <see langword="null"/>; a file whose content equals it is stored as its sequence number.</param>
    public static byte[] Write(SessionState state, KeyframeHistory? history, int number, IReadOnlyDictionary<string, (long Sequence, string Content)>? fullSnapshots = null)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(FormatVersion);
            var summary = state.Summary.ToBytes();
            writer.Write7BitEncodedInt(summary.Length);
            writer.Write(summary);

            WriteSequences(writer, state.Interactions);
            WriteSequences(writer, state.Markers);
            WriteStrings(writer, state.Workspace.Problems);
            WriteStrings(writer, state.OwnProblems);
            var files = state.Workspace.Files.ToList();
            writer.Write7BitEncodedInt(files.Count);
            foreach (var file in files)
            {
                writer.Write(file.FileId);
                writer.Write(file.Path);
                WriteNullable(writer, file.Language);
                if (history is not null && !state.DirtyFiles.Contains(file.FileId) && history.StoredIn.TryGetValue(file.FileId, out var earlier))
                {
                    writer.Write(KindReference);
                    writer.Write7BitEncodedInt(earlier);
                    continue;
                }

                var content = file.GetContent();
                WriteContent(writer, file.FileId, content, history, number, fullSnapshots);
                WriteNullable(writer, file.SnapshotHash);
                var snapshot = file.GetSnapshotContent();
                if (snapshot is null)
                {
                    writer.Write((byte)0);
                }
                else if (string.Equals(snapshot, content, StringComparison.Ordinal))
                {
                    writer.Write((byte)1);
                }
                else if (fullSnapshots is not null && fullSnapshots.TryGetValue(file.FileId, out var full) && string.Equals(full.Content, snapshot, StringComparison.Ordinal))
                {
                    // The latest snapshot is a full-content event of the stream: name it.
                    writer.Write((byte)3);
                    writer.Write7BitEncodedInt64(full.Sequence);
                }
                else
                {
                    // The latest snapshot (a diff snapshot) is usually close to the content: store it as changes from the content.
                    writer.Write((byte)2);
                    CharDiff.Write(writer, CharDiff.Create(content, snapshot));
                }

                if (history is not null)
                {
                    history.StoredIn[file.FileId] = number;
                }
            }

            if (state.Terminal is null)
            {
                writer.Write((byte)0);
            }
            else if (history is not null && !state.TerminalChanged && history.TerminalStoredIn is { } screenIn)
            {
                writer.Write((byte)2);
                writer.Write7BitEncodedInt(screenIn);
            }
            else
            {
                var bytes = state.Terminal.Snapshot().Data.Span;
                writer.Write((byte)1);
                writer.Write7BitEncodedInt(bytes.Length);
                writer.Write(bytes);
                if (history is not null)
                {
                    history.TerminalStoredIn = number;
                }
            }
        }

        return stream.ToArray();
    }

    // A changed file's content, the cheapest way the stream and earlier keyframes allow: the full-content snapshot event it
    // equals; changes from that snapshot or from the file's copy in an earlier keyframe (chains stay under MaxChain);
    // or in full when every diff inserts more than a quarter of the file.
    private static void WriteContent(BinaryWriter writer, string fileId, string content, KeyframeHistory? history, int number, IReadOnlyDictionary<string, (long Sequence, string Content)>? fullSnapshots)
    {
        (long Sequence, string Content)? snapshot = fullSnapshots is not null && fullSnapshots.TryGetValue(fileId, out var found) ? found : null;
        if (snapshot is { } exact && string.Equals(exact.Content, content, StringComparison.Ordinal))
        {
            writer.Write(KindSnapshot);
            writer.Write7BitEncodedInt64(exact.Sequence);
            Remember(0);
            return;
        }

        var fromSnapshot = snapshot is { } near ? CharDiff.Create(near.Content, content) : null;
        var fromKeyframe = history is not null && history.Bases.TryGetValue(fileId, out var @base) && @base.Depth < MaxChain ? CharDiff.Create(@base.Content, content) : null;
        var fromSnapshotSize = fromSnapshot is null ? long.MaxValue : CharDiff.Size(fromSnapshot);
        var fromKeyframeSize = fromKeyframe is null ? long.MaxValue : CharDiff.Size(fromKeyframe);
        if (Math.Min(fromSnapshotSize, fromKeyframeSize) > content.Length / 4)
        {
            writer.Write(KindFull);
            writer.Write(content);
            Remember(0);
        }
        else if (fromSnapshotSize <= fromKeyframeSize)
        {
            writer.Write(KindSnapshotDiff);
            writer.Write7BitEncodedInt64(snapshot!.Value.Sequence);
            CharDiff.Write(writer, fromSnapshot!);
            Remember(1);
        }
        else
        {
            var keyframeBase = history!.Bases[fileId];
            writer.Write(KindDiff);
            writer.Write7BitEncodedInt(keyframeBase.Number);
            CharDiff.Write(writer, fromKeyframe!);
            Remember(keyframeBase.Depth + 1);
        }

        void Remember(int depth)
        {
            if (history is not null)
            {
                history.Bases[fileId] = (number, content, depth);
            }
        }
    }

    /// <summary>Reads a keyframe written by <see cref="Write"/>.</summary>
    /// <exception cref="FormatException">The bytes are not a keyframe of this version.</exception>
    public static KeyframeData Read(ReadOnlyMemory<byte> data)
    {
        try
        {
            var bytes = System.Runtime.InteropServices.MemoryMarshal.TryGetArray(data, out var segment) ? segment : new ArraySegment<byte>(data.ToArray());
            using var reader = new BinaryReader(new MemoryStream(bytes.Array!, bytes.Offset, bytes.Count, writable: false), Encoding.UTF8);
            var version = reader.ReadByte();
            if (version != FormatVersion)
            {
                throw new FormatException(version < FormatVersion
                    ? $"The keyframe is of format version {version}, written by an earlier release; this release reads version {FormatVersion}. Rewrite the session's keyframes (ilmrec convert) to seek from them."
                    : $"The keyframe is of format version {version}, newer than this release reads ({FormatVersion}).");
            }

            var summaryLength = reader.Read7BitEncodedInt();
            if (summaryLength < 0 || summaryLength > bytes.Count)
            {
                throw new FormatException("The keyframe's session summary has an impossible length.");
            }

            var summaryBytes = reader.ReadBytes(summaryLength);
            var summary = SessionSummary.Read(summaryBytes);

            var interactions = ReadSequences(reader);
            var markers = ReadSequences(reader);
            var workspaceProblems = ReadStrings(reader);
            var ownProblems = ReadStrings(reader);
            var fileCount = reader.ReadCount("file");
            var files = new List<FileEntry>(fileCount);
            for (var i = 0; i < fileCount; i++)
            {
                var fileId = reader.ReadString();
                var path = reader.ReadString();
                var language = ReadNullable(reader);
                var kind = reader.ReadByte();
                if (kind == KindReference)
                {
                    files.Add(new FileEntry(fileId, path, language) { StoredIn = reader.Read7BitEncodedInt() });
                    continue;
                }

                var entry = kind switch
                {
                    KindFull => new FileEntry(fileId, path, language) { Content = reader.ReadString() },
                    KindDiff => new FileEntry(fileId, path, language) { BaseIn = reader.Read7BitEncodedInt(), ContentDiff = CharDiff.Read(reader) },
                    KindSnapshot => new FileEntry(fileId, path, language) { SnapshotSequence = reader.Read7BitEncodedInt64() },
                    KindSnapshotDiff => new FileEntry(fileId, path, language) { SnapshotSequence = reader.Read7BitEncodedInt64(), ContentDiff = CharDiff.Read(reader) },
                    _ => throw new FormatException("Bad file entry kind."),
                };
                entry.SnapshotHash = ReadNullable(reader);
                entry.SnapshotKind = reader.ReadByte();
                if (entry.SnapshotKind == 2)
                {
                    entry.SnapshotDiff = CharDiff.Read(reader);
                }
                else if (entry.SnapshotKind == 3)
                {
                    entry.SnapshotContentSequence = reader.Read7BitEncodedInt64();
                }
                else if (entry.SnapshotKind > 3)
                {
                    throw new FormatException("Bad snapshot kind.");
                }

                files.Add(entry);
            }

            ScreenSnapshot? screen = null;
            int? screenIn = null;
            switch (reader.ReadByte())
            {
                case 1:
                    screen = ScreenSnapshot.Deserialize(reader.ReadBytes(reader.Read7BitEncodedInt()));
                    break;
                case 2:
                    screenIn = reader.Read7BitEncodedInt();
                    break;
            }

            var result = new KeyframeData
            {
                Time = summary.Duration,
                EventCount = summary.EventCount,
                LastSequence = summary.LastSequence,
                Ended = summary.Ended,
                Summary = summaryBytes,
                InteractionSequences = interactions,
                MarkerSequences = markers,
                WorkspaceProblems = workspaceProblems,
                OwnProblems = ownProblems,
                Files = files,
                Terminal = screen,
                TerminalStoredIn = screenIn,
            };
            foreach (var file in files)
            {
                result.FilesById[file.FileId] = file;
            }

            return result;
        }
        catch (EndOfStreamException ex)
        {
            throw new FormatException("The keyframe is truncated.", ex);
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or OverflowException or InvalidDataException)
        {
            throw new FormatException("The keyframe is malformed: " + ex.Message, ex);
        }
    }

    private static void WriteSequences(BinaryWriter writer, IReadOnlyList<RecordedEvent> events)
    {
        writer.Write7BitEncodedInt(events.Count);
        long previous = 0;
        foreach (var recorded in events)
        {
            writer.Write7BitEncodedInt64(recorded.Sequence - previous);
            previous = recorded.Sequence;
        }
    }

    private static long[] ReadSequences(BinaryReader reader)
    {
        var values = new long[reader.ReadCount("sequence")];
        long previous = 0;
        for (var i = 0; i < values.Length; i++)
        {
            previous += reader.Read7BitEncodedInt64();
            values[i] = previous;
        }

        return values;
    }

    private static void WriteStrings(BinaryWriter writer, IReadOnlyCollection<string> values)
    {
        writer.Write7BitEncodedInt(values.Count);
        foreach (var value in values)
        {
            writer.Write(value);
        }
    }

    private static string[] ReadStrings(BinaryReader reader)
    {
        var values = new string[reader.ReadCount("string")];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.ReadString();
        }

        return values;
    }

    private static void WriteNullable(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null)
        {
            writer.Write(value);
        }
    }

    private static string? ReadNullable(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;

    /// <summary>One file of a keyframe: in full, as a diff against an earlier full copy, or a reference to the keyframe that holds it. Resolved lazily, once.</summary>
    internal sealed class FileEntry(string fileId, string path, string? language)
    {
        public string FileId { get; } = fileId;

        public string Path { get; } = path;

        public string? Language { get; } = language;

        public int? StoredIn { get; init; }

        public int? BaseIn { get; init; }

        public long? SnapshotSequence { get; init; }

        public IReadOnlyList<TextChange>? ContentDiff { get; set; }

        public string? Content { get; set; }

        public string? SnapshotHash { get; set; }

        public byte SnapshotKind { get; set; }

        public long? SnapshotContentSequence { get; set; }

        public IReadOnlyList<TextChange>? SnapshotDiff { get; set; }

        public string? SnapshotContent { get; private set; }

        /// <summary>Gets a value indicating whether the content is known (references followed once).</summary>
        public bool Resolved { get; private set; }

        public FileEntry Resolve(Func<int, KeyframeData> keyframes, Func<long, RecordedEvent> events)
        {
            if (Resolved)
            {
                return this;
            }

            if (StoredIn is { } storedIn)
            {
                var source = keyframes(storedIn).FilesById[FileId].Resolve(keyframes, events);
                (Content, SnapshotHash, SnapshotContent) = (source.Content, source.SnapshotHash, source.SnapshotContent);
            }
            else
            {
                var baseContent = BaseIn is { } baseIn
                    ? keyframes(baseIn).FilesById[FileId].Resolve(keyframes, events).Content!
                    : SnapshotSequence is { } sequence ? FullContentOf(sequence, events) : null;
                if (baseContent is not null)
                {
                    Content = ContentDiff is null ? baseContent : CharDiff.Apply(ContentDiff, baseContent);
                }

                SnapshotContent = SnapshotKind switch
                {
                    1 => Content,
                    2 => CharDiff.Apply(SnapshotDiff!, Content!),
                    3 => FullContentOf(SnapshotContentSequence!.Value, events),
                    _ => null,
                };
                (ContentDiff, SnapshotDiff) = (null, null);
            }

            Resolved = true;
            return this;
        }

        private string FullContentOf(long sequence, Func<long, RecordedEvent> events) =>
            events(sequence) is { Event: CodeSnapshot { FullContent: { } full } snapshot } && snapshot.FileId == FileId
                ? full
                : throw new InvalidDataException($"Event {sequence}, which a keyframe names as a full-content snapshot of {FileId}, is not one.");
    }
}

/// <summary>What earlier keyframes hold, for writing the next one by reference and by diff.</summary>
internal sealed class KeyframeHistory
{
    public Dictionary<string, int> StoredIn { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, (int Number, string Content, int Depth)> Bases { get; } = new(StringComparer.Ordinal);

    public int? TerminalStoredIn { get; set; }
}
