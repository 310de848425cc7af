using System.Text;
using InterviewLM.Recording.Terminal;

namespace InterviewLM.Recording.Replay;

/// <summary>One keyframe, decoded: the fold's state with references to earlier keyframes for what did not change.</summary>
/// <remarks>
/// Binary layout (little-endian, strings as UTF-8 with a 7-bit length): version byte; time ticks; event count; last
/// sequence; ended; counts per channel; Claude interaction and marker counts (prefixes of the session's lists); the
/// workspace's and the fold's problems; then each live file in creation order — id, path, language, and either its
/// content and latest snapshot inline or the number of the earlier keyframe that holds them; then the terminal screen
/// inline (a <see cref="ScreenSnapshot"/>), by reference, or absent.
/// </remarks>
internal sealed class KeyframeData
{
    private const byte FormatVersion = 1;

    public TimeSpan Time { get; init; }

    public long EventCount { get; init; }

    public long LastSequence { get; init; }

    public bool Ended { get; init; }

    public long[] PerChannel { get; init; } = new long[SessionState.ChannelCount];

    public int InteractionCount { get; init; }

    public int MarkerCount { get; init; }

    public IReadOnlyList<string> WorkspaceProblems { get; init; } = [];

    public IReadOnlyList<string> OwnProblems { get; init; } = [];

    public IReadOnlyList<FileEntry> Files { get; init; } = [];

    public Dictionary<string, FileEntry> FilesById { get; } = new(StringComparer.Ordinal);

    public ScreenSnapshot? Terminal { get; init; }

    public int? TerminalStoredIn { get; init; }

    /// <summary>Captures a state; files not changed since they were last stored inline become references.</summary>
    /// <param name="state">The state.</param>
    /// <param name="storedIn">Where each file was last stored inline; updated for the files stored inline now.</param>
    /// <param name="terminalStoredIn">Where the screen was last stored inline; updated when stored now.</param>
    /// <param name="number">This keyframe's number.</param>
    public static byte[] Write(SessionState state, Dictionary<string, int>? storedIn, ref int? terminalStoredIn, int number)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(FormatVersion);
            writer.Write(state.Time.Ticks);
            writer.Write(state.EventCount);
            writer.Write(state.LastSequence);
            writer.Write(state.Ended);
            foreach (var count in state.PerChannel)
            {
                writer.Write7BitEncodedInt64(count);
            }

            writer.Write7BitEncodedInt(state.Interactions.Count);
            writer.Write7BitEncodedInt(state.Markers.Count);
            WriteStrings(writer, state.Workspace.Problems);
            WriteStrings(writer, state.OwnProblems);
            var files = state.Workspace.Files.ToList();
            writer.Write7BitEncodedInt(files.Count);
            foreach (var file in files)
            {
                writer.Write(file.FileId);
                writer.Write(file.Path);
                WriteNullable(writer, file.Language);
                if (storedIn is not null && !state.DirtyFiles.Contains(file.FileId) && storedIn.TryGetValue(file.FileId, out var earlier))
                {
                    writer.Write((byte)1);
                    writer.Write7BitEncodedInt(earlier);
                    continue;
                }

                writer.Write((byte)0);
                var content = file.GetContent();
                writer.Write(content);
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
                else
                {
                    writer.Write((byte)2);
                    writer.Write(snapshot);
                }

                if (storedIn is not null)
                {
                    storedIn[file.FileId] = number;
                }
            }

            if (state.Terminal is null)
            {
                writer.Write((byte)0);
            }
            else if (storedIn is not null && !state.TerminalChanged && terminalStoredIn is { } screenIn)
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
                if (storedIn is not null)
                {
                    terminalStoredIn = number;
                }
            }
        }

        return stream.ToArray();
    }

    /// <summary>Reads a keyframe written by <see cref="Write"/>.</summary>
    /// <exception cref="FormatException">The bytes are not a keyframe of this version.</exception>
    public static KeyframeData Read(byte[] data)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(data, writable: false), Encoding.UTF8);
            if (reader.ReadByte() != FormatVersion)
            {
                throw new FormatException("The keyframe is of an unknown version.");
            }

            var time = TimeSpan.FromTicks(reader.ReadInt64());
            var eventCount = reader.ReadInt64();
            var lastSequence = reader.ReadInt64();
            var ended = reader.ReadBoolean();
            var perChannel = new long[SessionState.ChannelCount];
            for (var i = 0; i < perChannel.Length; i++)
            {
                perChannel[i] = reader.Read7BitEncodedInt64();
            }

            var interactions = reader.Read7BitEncodedInt();
            var markers = reader.Read7BitEncodedInt();
            var workspaceProblems = ReadStrings(reader);
            var ownProblems = ReadStrings(reader);
            var fileCount = reader.Read7BitEncodedInt();
            var files = new List<FileEntry>(fileCount);
            for (var i = 0; i < fileCount; i++)
            {
                var fileId = reader.ReadString();
                var path = reader.ReadString();
                var language = ReadNullable(reader);
                if (reader.ReadByte() == 1)
                {
                    files.Add(new FileEntry(fileId, path, language, null, null, null, reader.Read7BitEncodedInt()));
                    continue;
                }

                var content = reader.ReadString();
                var hash = ReadNullable(reader);
                var snapshot = reader.ReadByte() switch
                {
                    0 => null,
                    1 => content,
                    2 => reader.ReadString(),
                    _ => throw new FormatException("Bad snapshot kind."),
                };
                files.Add(new FileEntry(fileId, path, language, content, hash, snapshot, null));
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
                Time = time,
                EventCount = eventCount,
                LastSequence = lastSequence,
                Ended = ended,
                PerChannel = perChannel,
                InteractionCount = interactions,
                MarkerCount = markers,
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
    }

    private static void WriteStrings(BinaryWriter writer, IReadOnlyList<string> values)
    {
        writer.Write7BitEncodedInt(values.Count);
        foreach (var value in values)
        {
            writer.Write(value);
        }
    }

    private static string[] ReadStrings(BinaryReader reader)
    {
        var values = new string[reader.Read7BitEncodedInt()];
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

    /// <summary>One file of a keyframe: inline (content set) or a reference to the keyframe that holds its content.</summary>
    internal sealed record FileEntry(string FileId, string Path, string? Language, string? Content, string? SnapshotHash, string? SnapshotContent, int? StoredIn);
}
