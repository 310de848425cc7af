namespace InterviewLM.Recording.Core.Tests;

public sealed partial class SessionRecorderTests
{
    [Fact]
    public async Task ReportCaptureFailure_RecordsACaptureFailedEventAndKeepsIt()
    {
        var (recorder, sink, clock) = Start();
        clock.Advance(TimeSpan.FromSeconds(2));

        var recorded = recorder.ReportCaptureFailure("claude", "response failed before its end: HttpIOException: reset", "System.Net.Http.HttpIOException: reset\n   at …");
        await recorder.DisposeAsync();

        var expected = new CaptureFailed("claude", "response failed before its end: HttpIOException: reset", "System.Net.Http.HttpIOException: reset\n   at …");
        Assert.NotNull(recorded);
        Assert.Equal(TimeSpan.FromSeconds(2), recorded.Time);
        Assert.Equal([typeof(SessionStarted), typeof(CaptureFailed), typeof(SessionEnded)], sink.Events.Select(e => e.Event.GetType()));
        Assert.Equal(expected, sink.Events[1].Event);
        Assert.Equal([expected], recorder.CaptureFailures);
    }

    [Fact]
    public async Task ReportCaptureFailure_ReasonOnSeveralLines_RecordedOnOne()
    {
        var (recorder, sink, _) = Start();

        recorder.ReportCaptureFailure("watcher", "  first line\r\nsecond line\n\n");
        recorder.ReportCaptureFailure("watcher", " \n ");
        await recorder.DisposeAsync();

        Assert.Equal(["first line second line", "unknown"], sink.Events.Select(e => e.Event).OfType<CaptureFailed>().Select(f => f.Reason));
    }

    [Fact]
    public async Task ReportCaptureFailure_AfterCompletion_ReturnsNullAndIsStillInCaptureFailures()
    {
        var (recorder, sink, _) = Start();
        await recorder.CompleteAsync();

        var recorded = recorder.ReportCaptureFailure("claude", "interaction msg_1 could not be recorded");

        Assert.Null(recorded);
        Assert.DoesNotContain(sink.Events, e => e.Event is CaptureFailed);
        Assert.Equal([new CaptureFailed("claude", "interaction msg_1 could not be recorded")], recorder.CaptureFailures);
        await recorder.DisposeAsync();
    }

    [Fact]
    public async Task ReportCaptureFailure_EmptyOrNullCapture_Throws()
    {
        var (recorder, _, _) = Start();

        Assert.Throws<ArgumentException>(() => recorder.ReportCaptureFailure("", "x"));
        Assert.Throws<ArgumentNullException>(() => recorder.ReportCaptureFailure(null!, "x"));
        Assert.Throws<ArgumentNullException>(() => recorder.ReportCaptureFailure("claude", null!));
        Assert.Empty(recorder.CaptureFailures);
        await recorder.DisposeAsync();
    }

    [Theory]
    [InlineData("", "reason", "Source is empty")]
    [InlineData("claude", "", "Reason is empty")]
    [InlineData("claude", "two\nlines", "must be one line")]
    public async Task Record_MalformedCaptureFailed_IsRejected(string source, string reason, string message)
    {
        var (recorder, sink, _) = Start();

        var error = Assert.Throws<InvalidSessionEventException>(() => recorder.Record(new CaptureFailed(source, reason)));
        await recorder.DisposeAsync();

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(sink.Events, e => e.Event is CaptureFailed);
    }
}
