using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Replay;

/// <summary>The session fold run beside a writer: places keyframes as the policy says (and after the session's end) and serializes the state for them.</summary>
/// <remarks>
/// Where files get full-content snapshots at a steady pace (as <c>CodeTracker</c> records every 30 s), a due keyframe waits for the moment
/// right after one, when every file edited since its last full snapshot has a new one, for at most the policy's bounds
/// again (events, time and work), so a restore applies at most twice the bounds: the keyframe then names those snapshot events instead of repeating content the stream already holds.
/// </remarks>
internal sealed class KeyframeBuilder(KeyframePolicy policy) : IKeyframeBuilder
{
    private readonly SessionState _state = new();
    private readonly KeyframeHistory _history = new();
    private readonly Dictionary<string, (long Sequence, string Content)> _fullSnapshots = new(StringComparer.Ordinal);
    private readonly HashSet<string> _editedSinceFullSnapshot = new(StringComparer.Ordinal);
    private TimeSpan _lastTime;
    private long _lastCount;
    private long _work;
    private (long Events, TimeSpan Time, long Work)? _due;

    public int Count { get; private set; }

    public SessionState State => _state;

    public bool Apply(RecordedEvent recorded)
    {
        _state.Apply(recorded);
        _work += KeyframePolicy.WorkOf(recorded.Event);
        TrackSnapshots(recorded);

        // The session's end always gets one: seeking to the end restores it at once, and a finished session that has
        // keyframe blocks at all can be told from one recorded without them.
        if (recorded.Event is SessionEnded)
        {
            return true;
        }

        if (_due is null && policy.ShouldPlace(_state.Time - _lastTime, _state.EventCount - _lastCount, _work))
        {
            _due = (_state.EventCount, _state.Time, _work);
        }

        return _due is { } due && (!AwaitsSnapshots(recorded.Sequence) ||
            _state.EventCount - due.Events >= policy.MaxEvents || _state.Time - due.Time >= policy.Interval || _work - due.Work >= policy.MaxWork);
    }

    public ReadOnlyMemory<byte> CreateKeyframe()
    {
        var data = KeyframeData.Write(_state, _history, Count++, _fullSnapshots);
        _state.ClearChanges();
        (_lastTime, _lastCount, _work, _due) = (_state.Time, _state.EventCount, 0, null);
        return data;
    }

    // Worth waiting for while every file edited since its last full snapshot had one within twice the policy's events:
    // files get them at a steady pace (CodeTracker's 30 s; in bursts of typing over 10,000 events apart). A file whose
    // last one is older (an import with snapshots only at its ends) would keep the keyframe waiting for nothing.
    private bool AwaitsSnapshots(long sequence)
    {
        foreach (var fileId in _editedSinceFullSnapshot)
        {
            if (sequence - _fullSnapshots[fileId].Sequence > 2L * policy.MaxEvents)
            {
                return false;
            }
        }

        return _editedSinceFullSnapshot.Count > 0;
    }

    // Only files that have had a full snapshot hold a keyframe back: a session without snapshots is keyframed as the policy says.
    private void TrackSnapshots(RecordedEvent recorded)
    {
        switch (recorded.Event)
        {
            case CodeSnapshot { FullContent: { } content } e:
                _fullSnapshots[e.FileId] = (recorded.Sequence, content);
                _editedSinceFullSnapshot.Remove(e.FileId);
                break;
            case TextEdited e when _fullSnapshots.ContainsKey(e.FileId):
                _editedSinceFullSnapshot.Add(e.FileId);
                break;
            case FileDeleted e:
                _fullSnapshots.Remove(e.FileId);
                _editedSinceFullSnapshot.Remove(e.FileId);
                break;
        }
    }
}
