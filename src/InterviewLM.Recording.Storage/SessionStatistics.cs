namespace InterviewLM.Recording.Storage;

/// <summary>Represents totals gathered from a session's events: counts per channel and type, files, Claude calls, keystrokes, checkpoints.</summary>
/// <remarks>Feed events in order with <see cref="Add"/>; not thread-safe.</remarks>
public sealed class SessionStatistics
{
    private readonly Dictionary<EventChannel, long> _perChannel = [];
    private readonly Dictionary<string, long> _perType = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Path, TimeSpan CreatedAt, string? Hash)> _files = new(StringComparer.Ordinal);
    private readonly List<SessionCheckpoint> _checkpoints = [];
    private readonly HashSet<string> _firsts = new(StringComparer.Ordinal);
    private long _currentBlockOffset;

    /// <summary>Gets the session identifier from <see cref="SessionStarted"/>, if seen.</summary>
    public string? SessionId { get; private set; }

    /// <summary>Gets the wall-clock start from <see cref="SessionStarted"/>, if seen.</summary>
    public DateTimeOffset? StartedAt { get; private set; }

    /// <summary>Gets the number of events.</summary>
    public long EventCount { get; private set; }

    /// <summary>Gets the time of the last event.</summary>
    public TimeSpan Duration { get; private set; }

    /// <summary>Gets the number of Claude interactions.</summary>
    public int ClaudeInteractions { get; private set; }

    /// <summary>Gets the number of inserted characters across edits (the seed's keystroke count).</summary>
    public long Keystrokes { get; private set; }

    /// <summary>Gets the number of edit events.</summary>
    public long Edits { get; private set; }

    /// <summary>Gets the end reason, once <see cref="SessionEnded"/> is seen.</summary>
    public string? EndReason { get; private set; }

    /// <summary>Gets the number of events per channel.</summary>
    public IReadOnlyDictionary<EventChannel, long> PerChannel => _perChannel;

    /// <summary>Gets the number of events per wire type.</summary>
    public IReadOnlyDictionary<string, long> PerType => _perType;

    /// <summary>Gets the named checkpoints found so far.</summary>
    public IReadOnlyList<SessionCheckpoint> Checkpoints => _checkpoints;

    /// <summary>Tells the statistics which block the next events come from, for checkpoint offsets.</summary>
    /// <param name="blockOffset">The byte offset of the block.</param>
    public void BeginBlock(long blockOffset) => _currentBlockOffset = blockOffset;

    /// <summary>Adds one event.</summary>
    /// <param name="recorded">The event.</param>
    /// <exception cref="ArgumentNullException"><paramref name="recorded"/> is <see langword="null"/>.</exception>
    public void Add(RecordedEvent recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        var value = recorded.Event;
        EventCount++;
        Duration = recorded.Time > Duration ? recorded.Time : Duration;
        _perChannel[value.Channel] = _perChannel.GetValueOrDefault(value.Channel) + 1;
        _perType[value.Type] = _perType.GetValueOrDefault(value.Type) + 1;
        switch (value)
        {
            case SessionStarted started:
                SessionId = started.SessionId;
                StartedAt = started.StartedAt;
                Checkpoint(recorded, "session_start");
                break;
            case SessionEnded ended:
                EndReason = ended.Reason;
                Checkpoint(recorded, "session_end");
                break;
            case FileCreated created:
                _files[created.FileId] = (created.Path, recorded.Time, created.InitialContent.Length > 0 ? ContentHasher.Hash(created.InitialContent) : null);
                First(recorded, "first_file_created");
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

                First(recorded, "first_edit");
                break;
            case CodeSnapshot snapshot when _files.TryGetValue(snapshot.FileId, out var file):
                _files[snapshot.FileId] = file with { Hash = snapshot.ContentHash };
                break;
            case TerminalStarted or TerminalOutput:
                First(recorded, "first_terminal_output");
                break;
            case ClaudeInteraction:
                ClaudeInteractions++;
                First(recorded, "first_claude_call");
                break;
            case Marker marker:
                Checkpoint(recorded, "marker: " + marker.Label);
                break;
        }
    }

    /// <summary>Builds the <c>files</c> section of the metadata.</summary>
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

    private void First(RecordedEvent recorded, string description)
    {
        if (_firsts.Add(description))
        {
            Checkpoint(recorded, description);
        }
    }

    private void Checkpoint(RecordedEvent recorded, string description) =>
        _checkpoints.Add(new SessionCheckpoint(recorded.Time, (StartedAt ?? DateTimeOffset.UnixEpoch) + recorded.Time, _currentBlockOffset, recorded.Sequence, description));
}
