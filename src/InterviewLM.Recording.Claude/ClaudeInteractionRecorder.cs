using System.Runtime.CompilerServices;
using InterviewLM.Recording.Claude.Internal;

namespace InterviewLM.Recording.Claude;

/// <summary>Represents the shared recording point of every Claude capture (HTTP handler, chat client, proxy): it times calls and records them in the order they started.</summary>
/// <remarks>
/// <para>
/// Each call takes a place in line when it starts and is handed to the sink when it ends, after every call that started
/// before it. A call that never ends (a stream the client neither finishes nor disposes) would hold the line, so
/// <see cref="RecordPendingAsIncomplete"/> records every call still running, with what was seen so far and
/// <see cref="ClaudeInteraction.Incomplete"/> set; call it before completing the session (a recorder made for a
/// <see cref="SessionRecorder"/> does so itself when the session completes).
/// </para>
/// <para>
/// A session event's time is when it is recorded, so a call that waited for an earlier, longer one carries the later
/// time; its own <see cref="ClaudeInteraction.Latency"/> is unaffected.
/// </para>
/// <para>All members are thread-safe. Share one instance between every capture of a session so that their calls are ordered together.</para>
/// </remarks>
public sealed class ClaudeInteractionRecorder
{
    private const string CaptureSource = "claude";

    private static readonly ConditionalWeakTable<SessionRecorder, ClaudeInteractionRecorder> s_perSession = new();

    private readonly IClaudeInteractionSink _sink;
    private readonly Lock _gate = new();
    private readonly Queue<PendingInteraction> _line = new();
    private readonly SessionRecorder? _session;
    private long _failed;
    private long _recorded;

    /// <summary>Initializes a new instance of the <see cref="ClaudeInteractionRecorder"/> class that records into <paramref name="sink"/>, timing calls with <see cref="TimeProvider.System"/>.</summary>
    /// <param name="sink">Where interactions go.</param>
    /// <exception cref="ArgumentNullException"><paramref name="sink"/> is <see langword="null"/>.</exception>
    public ClaudeInteractionRecorder(IClaudeInteractionSink sink)
        : this(sink, null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ClaudeInteractionRecorder"/> class that records into <paramref name="sink"/>.</summary>
    /// <param name="sink">Where interactions go.</param>
    /// <param name="timeProvider">The clock latencies are measured with, or <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="sink"/> is <see langword="null"/>.</exception>
    public ClaudeInteractionRecorder(IClaudeInteractionSink sink, TimeProvider? timeProvider)
    {
        ArgumentNullException.ThrowIfNull(sink);
        _sink = sink;
        TimeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Initializes a new instance of the <see cref="ClaudeInteractionRecorder"/> class that records into a session, timing calls with <see cref="TimeProvider.System"/>.</summary>
    /// <param name="recorder">The session's recorder; each interaction becomes a <see cref="ClaudeInteraction"/> event.</param>
    /// <remarks>When the session completes, <see cref="RecordPendingAsIncomplete"/> runs first (<see cref="SessionRecorder.RegisterCompleting"/>), so no call is left out of it.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="recorder"/> is <see langword="null"/>.</exception>
    public ClaudeInteractionRecorder(SessionRecorder recorder)
        : this(recorder, null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ClaudeInteractionRecorder"/> class that records into a session.</summary>
    /// <param name="recorder">The session's recorder; each interaction becomes a <see cref="ClaudeInteraction"/> event.</param>
    /// <param name="timeProvider">The clock latencies are measured with, or <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <remarks>When the session completes, <see cref="RecordPendingAsIncomplete"/> runs first (<see cref="SessionRecorder.RegisterCompleting"/>), so no call is left out of it.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="recorder"/> is <see langword="null"/>.</exception>
    public ClaudeInteractionRecorder(SessionRecorder recorder, TimeProvider? timeProvider)
        : this(new SessionRecorderClaudeSink(recorder ?? throw new ArgumentNullException(nameof(recorder))), timeProvider)
    {
        _session = recorder;
        recorder.RegisterCompleting(() => RecordPendingAsIncomplete());
    }

    /// <summary>Gets the clock latencies and times to first token are measured with.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Gets the number of interactions handed to the sink.</summary>
    public long RecordedCount => Interlocked.Read(ref _recorded);

    /// <summary>Gets the number of capture failures: calls not recorded (the sink rejected them, for example because the session was already completed, or they could not be built) and calls recorded without part of what passed (a request or response that could not be parsed or was not captured, a call that failed with an error other than cancellation).</summary>
    /// <remarks>For a recorder made for a <see cref="SessionRecorder"/>, each one is also reported with its reason (<see cref="SessionRecorder.ReportCaptureFailure"/>): a <see cref="CaptureFailed"/> event with source <c>claude</c>.</remarks>
    public long FailedCount => Interlocked.Read(ref _failed);

    /// <summary>Gets the number of calls started and not recorded yet.</summary>
    public int PendingCount
    {
        get
        {
            lock (_gate)
            {
                return _line.Count;
            }
        }
    }

    /// <summary>Gets the recorder shared by every capture of <paramref name="recorder"/>'s session, creating it on first use.</summary>
    /// <param name="recorder">The session's recorder.</param>
    /// <returns>The same instance for the same <paramref name="recorder"/>; it measures time with <see cref="TimeProvider.System"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="recorder"/> is <see langword="null"/>.</exception>
    public static ClaudeInteractionRecorder For(SessionRecorder recorder)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        return s_perSession.GetValue(recorder, static r => new ClaudeInteractionRecorder(r));
    }

    /// <summary>Records every call not recorded yet: a call still running as incomplete, with what was seen of it so far; a long stream that has ended but is still being parsed, as it ended.</summary>
    /// <returns>The number of calls recorded as incomplete.</returns>
    public int RecordPendingAsIncomplete()
    {
        lock (_gate)
        {
            var count = 0;
            foreach (var pending in _line)
            {
                if (pending.Result is null && !pending.Abandoned)
                {
                    pending.Result = pending.Snapshot();
                    count += pending.Result.Incomplete ? 1 : 0;
                }
            }

            Drain();
            return count;
        }
    }

    // Takes a place in line; snapshot builds the interaction as seen so far, for RecordPendingAsIncomplete.
    internal PendingInteraction Begin(Func<ClaudeInteraction> snapshot)
    {
        var pending = new PendingInteraction(this, snapshot);
        lock (_gate)
        {
            _line.Enqueue(pending);
        }

        return pending;
    }

    internal void Complete(PendingInteraction pending, ClaudeInteraction interaction)
    {
        lock (_gate)
        {
            if (pending.Result is not null)
            {
                return; // already recorded as incomplete
            }

            pending.Result = interaction;
            Drain();
        }
    }

    // A call whose interaction could not be built: counted as failed, and it no longer holds the line.
    internal void Abandon(PendingInteraction pending, string reason)
    {
        lock (_gate)
        {
            if (pending.Result is not null || pending.Abandoned)
            {
                return;
            }

            pending.Abandoned = true;
            CountFailure(reason, detail: null);
            Drain();
        }
    }

    // Counted here and, for a session's recorder, recorded in the session as a capture_failed event.
    internal void CountFailure(string reason, string? detail)
    {
        Interlocked.Increment(ref _failed);
        _session?.ReportCaptureFailure(CaptureSource, reason, detail);
    }

    // Called under _gate: hands every finished call at the head of the line to the sink, in order.
    private void Drain()
    {
        while (_line.TryPeek(out var head) && (head.Result is not null || head.Abandoned))
        {
            _line.Dequeue();
            if (head.Result is not { } result)
            {
                continue;
            }

            try
            {
                _sink.Record(result);
                Interlocked.Increment(ref _recorded);
            }
#pragma warning disable CA1031 // Recording must never break the candidate's Claude call; the failure is counted.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                CountFailure($"interaction {result.InteractionId} could not be recorded: {ex.GetType().Name}: {ex.Message}", detail: ex.ToString());
            }
        }
    }

    /// <summary>Represents one call's place in line.</summary>
    internal sealed class PendingInteraction(ClaudeInteractionRecorder owner, Func<ClaudeInteraction> snapshot)
    {
        public ClaudeInteraction? Result { get; set; }

        public Func<ClaudeInteraction> Snapshot { get; } = snapshot;

        public bool Abandoned { get; set; }

        public bool IsRecorded
        {
            get
            {
                lock (owner._gate)
                {
                    return Result is not null;
                }
            }
        }

        public void Complete(ClaudeInteraction interaction) => owner.Complete(this, interaction);

        public void Abandon(string reason) => owner.Abandon(this, reason);

        // A call recorded without part of what passed: counted and reported, while the call still takes its place in line.
        public void ReportFailure(string reason, string? detail) => owner.CountFailure(reason, detail);
    }
}
