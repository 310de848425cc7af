using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace InterviewLM.Recording;

/// <summary>Represents the totals of a session's events: counts per channel and type, files, Claude calls, keystrokes, capture failures and named moments.</summary>
/// <remarks>
/// <para>
/// A small fold: <see cref="Apply"/> each event in stream order. The storage sink folds one beside its writer for
/// <c>metadata.json</c> and <c>index.json</c>, <c>ilmrec info</c> folds one over a stored stream, and the session fold
/// (<c>SessionState</c>, InterviewLM.Recording.Replay) embeds one, so every count of a session comes from this code.
/// </para>
/// <para>Not thread-safe.</para>
/// </remarks>
public sealed class SessionSummary
{
    private const int ChannelCount = 7;
    private const byte FormatVersion = 1;

    // Version 2 adds the capture failures; totals without any are still written as version 1, byte for byte as before.
    private const byte CaptureFailuresFormatVersion = 2;
    private readonly long[] _perChannel = new long[ChannelCount];
    private readonly Dictionary<string, StrongBox<long>> _perType = new(StringComparer.Ordinal);
    private string? _lastType;
    private StrongBox<long>? _lastTypeCount;
    private readonly Dictionary<string, FileEntry> _files = new(StringComparer.Ordinal);
    private readonly List<SessionMoment> _moments = [];
    private readonly SortedDictionary<string, long> _captureFailures = new(StringComparer.Ordinal);
    private FirstSeen _firsts;

    [Flags]
    private enum FirstSeen : byte
    {
        None = 0,
        FileCreated = 1,
        Edit = 2,
        TerminalOutput = 4,
        ClaudeCall = 8,
    }

    /// <summary>Gets the session identifier from <see cref="SessionStarted"/>, if seen.</summary>
    public string? SessionId { get; private set; }

    /// <summary>Gets the wall-clock start from <see cref="SessionStarted"/>, if seen.</summary>
    public DateTimeOffset? StartedAt { get; private set; }

    /// <summary>Gets the number of events folded.</summary>
    public long EventCount { get; private set; }

    /// <summary>Gets the sequence number of the last event folded, or -1 before the first.</summary>
    public long LastSequence { get; private set; } = -1;

    /// <summary>Gets the time of the latest event folded.</summary>
    public TimeSpan Duration { get; private set; }

    /// <summary>Gets a value indicating whether <see cref="SessionEnded"/> was folded.</summary>
    public bool Ended => EndReason is not null;

    /// <summary>Gets the end reason, once <see cref="SessionEnded"/> is folded.</summary>
    public string? EndReason { get; private set; }

    /// <summary>Gets the number of Claude interactions.</summary>
    public int ClaudeInteractions { get; private set; }

    /// <summary>Gets the number of inserted characters across edits (the seed's keystroke count).</summary>
    public long Keystrokes { get; private set; }

    /// <summary>Gets the number of edit events.</summary>
    public long Edits { get; private set; }

    /// <summary>Gets the number of <see cref="CaptureFailed"/> events: things a capture could not record.</summary>
    public long CaptureFailures { get; private set; }

    /// <summary>Gets the number of <see cref="CaptureFailed"/> events per <see cref="CaptureFailed.Source"/>, in ordinal order of the source.</summary>
    public IReadOnlyDictionary<string, long> CaptureFailuresBySource => _captureFailures;

    /// <summary>Gets the number of events per wire type.</summary>
    /// <remarks>A snapshot: a new dictionary each time it is read.</remarks>
    public IReadOnlyDictionary<string, long> PerType => _perType.ToDictionary(static t => t.Key, static t => t.Value.Value, StringComparer.Ordinal);

    /// <summary>Gets the named moments so far: session start and end, the first file, edit, terminal output and Claude call, every marker and every capture failure.</summary>
    public IReadOnlyList<SessionMoment> Moments => _moments;

    /// <summary>Gets the number of events folded on a channel.</summary>
    /// <param name="channel">The channel.</param>
    /// <returns>The count.</returns>
    public long CountOf(EventChannel channel) => (int)channel is >= 0 and < ChannelCount ? _perChannel[(int)channel] : 0;

    /// <summary>Folds one event.</summary>
    /// <param name="recorded">The event; events must come in stream order.</param>
    /// <exception cref="ArgumentNullException"><paramref name="recorded"/> is <see langword="null"/>.</exception>
    public void Apply(RecordedEvent recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        var value = recorded.Event;
        EventCount++;
        LastSequence = recorded.Sequence;
        Duration = recorded.Time > Duration ? recorded.Time : Duration;
        var channel = (int)value.Channel;
        if (channel is >= 0 and < ChannelCount)
        {
            _perChannel[channel]++;
        }

        // Events come in runs of one type (keystrokes, output), and a type's name is one string: most events skip the lookup.
        var type = value.Type;
        if (!ReferenceEquals(type, _lastType))
        {
            _lastType = type;
            ref var count = ref CollectionsMarshal.GetValueRefOrAddDefault(_perType, type, out _);
            _lastTypeCount = count ??= new StrongBox<long>();
        }

        _lastTypeCount!.Value++;
        switch (value)
        {
            case SessionStarted started:
                SessionId = started.SessionId;
                StartedAt = started.StartedAt;
                _moments.Add(new SessionMoment(recorded.Time, recorded.Sequence, "session_start"));
                break;
            case SessionEnded ended:
                EndReason = ended.Reason;
                _moments.Add(new SessionMoment(recorded.Time, recorded.Sequence, "session_end"));
                break;
            case FileCreated created:
                _files[created.FileId] = new FileEntry(created.Path, recorded.Time, created.InitialContent.Length > 0 ? ContentHasher.Hash(created.InitialContent) : null);
                First(recorded, FirstSeen.FileCreated, "first_file_created");
                break;
            case FileRenamed renamed when _files.TryGetValue(renamed.FileId, out var file):
                _files[renamed.FileId] = file with { Path = renamed.NewPath };
                break;
            case TextEdited edited:
                Edits++;
                foreach (var change in edited.Changes)
                {
                    Keystrokes += change.Text.Length;
                }

                First(recorded, FirstSeen.Edit, "first_edit");
                break;
            case CodeSnapshot snapshot when _files.TryGetValue(snapshot.FileId, out var file):
                _files[snapshot.FileId] = file with { Hash = snapshot.ContentHash };
                break;
            case TerminalStarted or TerminalOutput:
                First(recorded, FirstSeen.TerminalOutput, "first_terminal_output");
                break;
            case ClaudeInteraction:
                ClaudeInteractions++;
                First(recorded, FirstSeen.ClaudeCall, "first_claude_call");
                break;
            case Marker marker:
                _moments.Add(new SessionMoment(recorded.Time, recorded.Sequence, "marker: " + marker.Label));
                break;
            case CaptureFailed failed:
                ApplyCaptureFailed(recorded, failed);
                break;
        }
    }

    /// <summary>Builds the <c>files</c> section of the metadata: every file ever created, by its latest path.</summary>
    /// <returns>The files by path.</returns>
    public IReadOnlyDictionary<string, SessionFileInfo> BuildFiles()
    {
        var files = new Dictionary<string, SessionFileInfo>(StringComparer.Ordinal);
        foreach (var (id, file) in _files)
        {
            files[file.Path] = new SessionFileInfo(id, file.CreatedAt, file.Hash);
        }

        return files;
    }

    /// <summary>Serializes the totals (for a keyframe of a fold that embeds them).</summary>
    /// <returns>The bytes; <see cref="Read"/> restores them.</returns>
    public byte[] ToBytes()
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(_captureFailures.Count == 0 ? FormatVersion : CaptureFailuresFormatVersion);
            WriteNullable(writer, SessionId);
            writer.Write(StartedAt.HasValue);
            if (StartedAt is { } started)
            {
                writer.Write(started.UtcTicks);
            }

            writer.Write(EventCount);
            writer.Write(LastSequence);
            writer.Write(Duration.Ticks);
            WriteNullable(writer, EndReason);
            writer.Write(ClaudeInteractions);
            writer.Write(Keystrokes);
            writer.Write(Edits);
            writer.Write((byte)_firsts);
            foreach (var count in _perChannel)
            {
                writer.Write(count);
            }

            writer.Write(_perType.Count);
            foreach (var (type, count) in _perType)
            {
                writer.Write(type);
                writer.Write(count.Value);
            }

            writer.Write(_files.Count);
            foreach (var (id, file) in _files)
            {
                writer.Write(id);
                writer.Write(file.Path);
                writer.Write(file.CreatedAt.Ticks);
                WriteNullable(writer, file.Hash);
            }

            writer.Write(_moments.Count);
            foreach (var moment in _moments)
            {
                writer.Write(moment.Time.Ticks);
                writer.Write(moment.Sequence);
                writer.Write(moment.Description);
            }

            WriteCaptureFailures(writer);
        }

        return buffer.ToArray();
    }

    /// <summary>Restores totals serialized by <see cref="ToBytes"/>.</summary>
    /// <param name="data">The bytes.</param>
    /// <returns>The totals, as they were.</returns>
    /// <exception cref="FormatException">The bytes are not totals of this format.</exception>
    public static SessionSummary Read(ReadOnlySpan<byte> data)
    {
        using var stream = new MemoryStream(data.ToArray(), writable: false);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        try
        {
            var version = reader.ReadByte();
            if (version is not (FormatVersion or CaptureFailuresFormatVersion))
            {
                throw new FormatException("The session totals are of an unknown format version.");
            }

            var summary = new SessionSummary { SessionId = ReadNullable(reader) };
            if (reader.ReadBoolean())
            {
                summary.StartedAt = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
            }

            summary.EventCount = reader.ReadInt64();
            summary.LastSequence = reader.ReadInt64();
            summary.Duration = new TimeSpan(reader.ReadInt64());
            summary.EndReason = ReadNullable(reader);
            summary.ClaudeInteractions = reader.ReadInt32();
            summary.Keystrokes = reader.ReadInt64();
            summary.Edits = reader.ReadInt64();
            summary._firsts = (FirstSeen)reader.ReadByte();
            for (var i = 0; i < ChannelCount; i++)
            {
                summary._perChannel[i] = reader.ReadInt64();
            }

            for (int i = 0, n = ReadCount(reader); i < n; i++)
            {
                summary._perType[reader.ReadString()] = new StrongBox<long>(reader.ReadInt64());
            }

            for (int i = 0, n = ReadCount(reader); i < n; i++)
            {
                summary._files[reader.ReadString()] = new FileEntry(reader.ReadString(), new TimeSpan(reader.ReadInt64()), ReadNullable(reader));
            }

            for (int i = 0, n = ReadCount(reader); i < n; i++)
            {
                summary._moments.Add(new SessionMoment(new TimeSpan(reader.ReadInt64()), reader.ReadInt64(), reader.ReadString()));
            }

            if (version == CaptureFailuresFormatVersion)
            {
                summary.ReadCaptureFailures(reader);
            }

            return stream.Position == stream.Length ? summary : throw new FormatException("The session totals are followed by unexpected bytes.");
        }
        catch (EndOfStreamException ex)
        {
            throw new FormatException("The session totals end early.", ex);
        }
    }

    private static int ReadCount(BinaryReader reader) =>
        reader.ReadInt32() is var count and >= 0 ? count : throw new FormatException("The session totals hold a negative count.");

    private static void WriteNullable(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null)
        {
            writer.Write(value);
        }
    }

    private static string? ReadNullable(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;

    private void First(RecordedEvent recorded, FirstSeen flag, string description)
    {
        if ((_firsts & flag) == 0)
        {
            _firsts |= flag;
            _moments.Add(new SessionMoment(recorded.Time, recorded.Sequence, description));
        }
    }

    private void ApplyCaptureFailed(RecordedEvent recorded, CaptureFailed failed)
    {
        CaptureFailures++;
        _captureFailures[failed.Source] = _captureFailures.GetValueOrDefault(failed.Source) + 1;
        _moments.Add(new SessionMoment(recorded.Time, recorded.Sequence, "capture_failed: " + failed.Source));
    }

    private void WriteCaptureFailures(BinaryWriter writer)
    {
        if (_captureFailures.Count == 0)
        {
            return; // version 1
        }

        writer.Write(_captureFailures.Count);
        foreach (var (source, count) in _captureFailures)
        {
            writer.Write(source);
            writer.Write(count);
        }
    }

    private void ReadCaptureFailures(BinaryReader reader)
    {
        for (int i = 0, n = ReadCount(reader); i < n; i++)
        {
            var source = reader.ReadString();
            var count = reader.ReadInt64();
            _captureFailures[source] = count;
            CaptureFailures += count;
        }
    }

    private sealed record FileEntry(string Path, TimeSpan CreatedAt, string? Hash);
}
