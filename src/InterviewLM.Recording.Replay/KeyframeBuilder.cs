using InterviewLM.Recording.SeekIndex;
using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Replay;

/// <summary>The session fold run beside a writer: places keyframes as the policy says (and after the session's end) and serializes the state for them.</summary>
internal sealed class KeyframeBuilder(KeyframePolicy policy) : IKeyframeBuilder
{
    private readonly SessionState _state = new();
    private readonly KeyframeHistory _history = new();
    private TimeSpan _lastTime;
    private long _lastCount;
    private long _work;

    public int Count { get; private set; }

    public SessionState State => _state;

    public bool Apply(RecordedEvent recorded)
    {
        _state.Apply(recorded);
        _work += KeyframePolicy.WorkOf(recorded.Event);
        // The session's end always gets one: seeking to the end restores it at once, and a finished session that has
        // keyframe blocks at all can be told from one recorded without them.
        return recorded.Event is SessionEnded || policy.ShouldPlace(_state.Time - _lastTime, _state.EventCount - _lastCount, _work);
    }

    public ReadOnlyMemory<byte> CreateKeyframe()
    {
        var data = KeyframeData.Write(_state, _history, Count++);
        _state.ClearChanges();
        (_lastTime, _lastCount, _work) = (_state.Time, _state.EventCount, 0);
        return data;
    }
}
