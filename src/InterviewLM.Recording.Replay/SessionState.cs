using InterviewLM.Recording.Diff;
using InterviewLM.Recording.Terminal;

namespace InterviewLM.Recording.Replay;

/// <summary>Represents the state of a session at one moment: the one pure fold over its events.</summary>
/// <remarks>
/// <para>
/// <see cref="Apply"/> folds one event: files (through <see cref="CodeWorkspace"/>), the terminal screen (a
/// <see cref="VirtualTerminal"/> created by <see cref="TerminalStarted"/>, or 80×24 by terminal events with no start before them, as <see cref="TerminalReplay"/> folds it), the Claude transcript, markers, counters (an embedded <see cref="SessionSummary"/>) and the time. Inconsistencies (a snapshot whose hash does not match its rebuilt
/// content, an edit that does not fit) are added to <see cref="Problems"/>, never ignored and never thrown.
/// </para>
/// <para>Seek, playback and the command line use this fold, from the start or from a keyframe. Not thread-safe.</para>
/// </remarks>
public sealed partial class SessionState
{
    private readonly List<RecordedEvent> _interactions = [];
    private readonly List<RecordedEvent> _markers = [];
    private readonly List<string> _problems = [];
    private CodeWorkspace _workspace = new();
    private VirtualTerminal? _terminal;
    private SessionSummary _summary = new();

    /// <summary>Gets the session's totals so far (counts per channel and type, files, Claude calls, keystrokes, named moments): the small fold the storage sink and <c>ilmrec info</c> run, embedded here.</summary>
    /// <remarks>The counters below come from it; keyframes store and restore it.</remarks>
    public SessionSummary Summary => _summary;

    /// <summary>Gets the time of the latest event folded.</summary>
    public TimeSpan Time => _summary.Duration;

    /// <summary>Gets the number of events folded.</summary>
    public long EventCount => _summary.EventCount;

    /// <summary>Gets the sequence number of the last event folded, or -1 before the first.</summary>
    public long LastSequence => _summary.LastSequence;

    /// <summary>Gets a value indicating whether the session has ended (<see cref="SessionEnded"/> was folded).</summary>
    public bool Ended => _summary.Ended;

    /// <summary>Gets the files.</summary>
    public CodeWorkspace Workspace => _workspace;

    /// <summary>Gets the terminal screen, or <see langword="null"/> before the first terminal event.</summary>
    public VirtualTerminal? Terminal => _terminal;

    /// <summary>Gets the Claude interactions so far, in order.</summary>
    public IReadOnlyList<RecordedEvent> Interactions => _interactions;

    /// <summary>Gets the markers so far, in order.</summary>
    public IReadOnlyList<RecordedEvent> Markers => _markers;

    /// <summary>Gets every inconsistency found so far (the workspace's and the fold's), one sentence each.</summary>
    public IReadOnlyList<string> Problems => _workspace.Problems.Count == 0 ? _problems : [.. _workspace.Problems, .. _problems];

    /// <summary>Gets the number of problems found so far.</summary>
    public int ProblemCount => _workspace.Problems.Count + _problems.Count;

    /// <summary>Gets the number of events folded on a channel.</summary>
    /// <param name="channel">The channel.</param>
    /// <returns>The count.</returns>
    public long CountOf(EventChannel channel) => _summary.CountOf(channel);

    /// <summary>Folds one event.</summary>
    /// <param name="recorded">The event; events must come in stream order.</param>
    /// <exception cref="ArgumentNullException"><paramref name="recorded"/> is <see langword="null"/>.</exception>
    public void Apply(RecordedEvent recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        var value = recorded.Event;
        _summary.Apply(recorded);
        switch (value.Channel)
        {
            case EventChannel.Code:
                try
                {
                    _workspace.Apply(value);
                }
                catch (InvalidOperationException ex)
                {
                    _problems.Add($"Event {recorded.Sequence}: {ex.Message}");
                }

                OnCodeEvent(value);
                break;
            case EventChannel.Terminal:
                var before = _terminal;
                _terminal = TerminalReplay.Apply(_terminal, value);
                if (value is not TerminalInput and not TerminalExited || !ReferenceEquals(before, _terminal))
                {
                    TerminalChanged = true;
                }

                break;
            case EventChannel.Claude:
                _interactions.Add(recorded);
                break;
            case EventChannel.Marker:
                _markers.Add(recorded);
                break;
        }
    }
}
