namespace InterviewLM.Recording.Storage;

/// <summary>Builds <c>index.json</c> from the blocks as they are written or read: their locations, and checkpoints from the session's totals.</summary>
internal sealed class SessionIndexBuilder
{
    private readonly List<BlockLocation> _blocks = [];
    private readonly List<SessionCheckpoint> _checkpoints = [];

    public SessionSummary Summary { get; } = new();

    public IReadOnlyList<BlockLocation> Blocks => _blocks;

    public void AddEvents(BlockLocation location, ReadOnlySpan<RecordedEvent> events)
    {
        _blocks.Add(location);
        var moments = Summary.Moments.Count;
        foreach (var recorded in events)
        {
            Summary.Apply(recorded);
        }

        for (var i = moments; i < Summary.Moments.Count; i++)
        {
            var moment = Summary.Moments[i];
            _checkpoints.Add(new SessionCheckpoint(moment.Time, (Summary.StartedAt ?? DateTimeOffset.UnixEpoch) + moment.Time, location.Offset, moment.Sequence, moment.Description));
        }
    }

    public void AddEvents(BlockLocation location, IReadOnlyList<RecordedEvent> events) =>
        AddEvents(location, events is RecordedEvent[] array ? array : (ReadOnlySpan<RecordedEvent>)[.. events]);

    public void AddKeyframe(BlockLocation location) => _blocks.Add(location);

    public SessionIndex Build(long eventsLength) =>
        new(SessionIndex.CurrentVersion, Summary.EventCount, [.. _checkpoints], [.. _blocks]) { EventsLength = eventsLength };
}
