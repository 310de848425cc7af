using InterviewLM.Recording.Claude.Tests.Infrastructure;

namespace InterviewLM.Recording.Claude.Tests;

public sealed class ClaudeInteractionRecorderTests
{
    private static ClaudeInteraction Interaction(string id) => new(id, "m", "p", "r", ClaudeUsage.None, TimeSpan.Zero);

    [Fact]
    public void Complete_OutOfOrder_SinkReceivesStartOrder()
    {
        var sink = new ListClaudeSink();
        var recorder = new ClaudeInteractionRecorder(sink);
        var first = recorder.Begin(() => Interaction("first-snapshot"));
        var second = recorder.Begin(() => Interaction("second-snapshot"));
        var third = recorder.Begin(() => Interaction("third-snapshot"));

        third.Complete(Interaction("third"));
        second.Complete(Interaction("second"));
        Assert.Empty(sink.Items);
        Assert.Equal(3, recorder.PendingCount);

        first.Complete(Interaction("first"));

        Assert.Equal(["first", "second", "third"], sink.Items.Select(i => i.InteractionId));
        Assert.Equal(0, recorder.PendingCount);
        Assert.Equal(3, recorder.RecordedCount);
    }

    [Fact]
    public void Complete_SinkThrows_CountedAndLaterInteractionsStillRecorded()
    {
        var sink = new ThrowingOnceSink();
        var recorder = new ClaudeInteractionRecorder(sink);

        recorder.Begin(() => Interaction("x")).Complete(Interaction("a"));
        recorder.Begin(() => Interaction("x")).Complete(Interaction("b"));

        Assert.Equal(1, recorder.FailedCount);
        Assert.Equal(1, recorder.RecordedCount);
        Assert.Equal(["b"], sink.Items);
    }

    [Fact]
    public async Task For_SameSessionRecorder_SameInstanceRecordingIntoTheSession()
    {
        var events = new ListEventSink();
        var session = SessionRecorder.Start(events);

        var claude = ClaudeInteractionRecorder.For(session);
        Assert.Same(claude, ClaudeInteractionRecorder.For(session));
        claude.Begin(() => Interaction("x")).Complete(Interaction("msg_1"));
        await session.CompleteAsync();

        Assert.Equal("msg_1", Assert.Single(events.Events.Select(e => e.Event).OfType<ClaudeInteraction>()).InteractionId);
    }

    [Fact]
    public void Constructor_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => new ClaudeInteractionRecorder((IClaudeInteractionSink)null!));
        Assert.Throws<ArgumentNullException>(() => new ClaudeInteractionRecorder((SessionRecorder)null!));
        Assert.Throws<ArgumentNullException>(() => new ClaudeCaptureHandler((ClaudeInteractionRecorder)null!));
        Assert.Throws<ArgumentNullException>(() => ClaudeInteractionRecorder.For(null!));
    }

    private sealed class ThrowingOnceSink : IClaudeInteractionSink
    {
        private bool _thrown;

        public List<string> Items { get; } = [];

        public void Record(ClaudeInteraction interaction)
        {
            if (!_thrown)
            {
                _thrown = true;
                throw new InvalidOperationException("The session is completed.");
            }

            Items.Add(interaction.InteractionId);
        }
    }
}
