namespace InterviewLM.Recording.Core.Tests;

public sealed partial class SessionSummaryTests
{
    private static RecordedEvent[] SessionWithCaptureFailures() =>
    [
        new(0, TimeSpan.Zero, new SessionStarted("sess_failures", s_start)),
        new(1, TimeSpan.FromSeconds(1), new CaptureFailed("claude", "response failed before its end: HttpIOException: reset")),
        new(2, TimeSpan.FromSeconds(2), new CaptureFailed("watcher", "src/big.bin could not be read", "IOException: permission denied")),
        new(3, TimeSpan.FromSeconds(3), new CaptureFailed("claude", "response stream could not be parsed: JsonException: bad")),
        new(4, TimeSpan.FromSeconds(4), new SessionEnded("completed")),
    ];

    [Fact]
    public void Apply_CaptureFailures_CountedBySourceOnTheSessionChannelWithAMomentEach()
    {
        var summary = Fold(SessionWithCaptureFailures());

        Assert.Equal(3, summary.CaptureFailures);
        Assert.Equal([("claude", 2L), ("watcher", 1L)], summary.CaptureFailuresBySource.Select(p => (p.Key, p.Value)));
        Assert.Equal(3, summary.PerType[CaptureFailed.TypeName]);
        Assert.Equal(5, summary.CountOf(EventChannel.Session));
        Assert.Equal(
            ["session_start", "capture_failed: claude", "capture_failed: watcher", "capture_failed: claude", "session_end"],
            summary.Moments.Select(m => m.Description));
        Assert.Equal(new SessionMoment(TimeSpan.FromSeconds(2), 2, "capture_failed: watcher"), summary.Moments[2]);
    }

    [Fact]
    public void Apply_NoCaptureFailure_CountsNone()
    {
        var summary = Fold(KnownSession());

        Assert.Equal(0, summary.CaptureFailures);
        Assert.Empty(summary.CaptureFailuresBySource);
    }

    [Fact]
    public void Read_CaptureFailures_RestoresThemAndFoldsOn()
    {
        var summary = Fold(SessionWithCaptureFailures()[..4]);

        var bytes = summary.ToBytes();
        var restored = SessionSummary.Read(bytes);

        Assert.Equal(2, bytes[0]); // the format that carries capture failures
        AssertSame(summary, restored);
        var more = new RecordedEvent(4, TimeSpan.FromSeconds(5), new CaptureFailed("terminal", "reading the terminal failed"));
        summary.Apply(more);
        restored.Apply(more);
        Assert.Equal(summary.ToBytes(), restored.ToBytes());
        Assert.Equal(4, restored.CaptureFailures);
    }

    [Fact]
    public void ToBytes_NoCaptureFailure_WritesTheFirstFormatAsBefore()
    {
        // Totals without failures keep the bytes older readers (and keyframes already stored) have: format 1, nothing added.
        var bytes = Fold(KnownSession()).ToBytes();

        Assert.Equal(1, bytes[0]);
        AssertSame(Fold(KnownSession()), SessionSummary.Read(bytes));
    }
}
