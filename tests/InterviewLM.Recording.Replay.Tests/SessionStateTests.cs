using InterviewLM.Recording.Diff;

namespace InterviewLM.Recording.Replay.Tests;

public sealed class SessionStateTests
{
    private static RecordedEvent At(long sequence, double seconds, SessionEvent value) => new(sequence, TimeSpan.FromSeconds(seconds), value);

    [Fact]
    public void Apply_AllChannels_FoldsFilesTerminalTranscriptMarkersAndCounters()
    {
        var state = new SessionState();
        var claude = new ClaudeInteraction("msg_1", "claude", "hi", "hello", new ClaudeUsage(1, 2, 0, 0), TimeSpan.FromMilliseconds(5));
        state.Apply(At(0, 0, new SessionStarted("s", DateTimeOffset.UnixEpoch)));
        state.Apply(At(1, 1, new FileCreated("f", "a.txt", null, "ab")));
        state.Apply(At(2, 2, new TextEdited("f", new[] { new TextChange(1, 0, "X", null) }, null)));
        state.Apply(At(3, 3, new TerminalStarted(20, 3)));
        state.Apply(At(4, 4, new TerminalOutput("hello\r\nworld")));
        state.Apply(At(5, 5, claude));
        state.Apply(At(6, 6, new Marker("tests pass")));
        state.Apply(At(7, 7, new SessionEnded("done")));

        Assert.Equal("aXb", Assert.Single(state.Workspace.Files).GetContent());
        Assert.Equal(["hello", "world", string.Empty], state.Terminal!.GetScreenText().Lines);
        Assert.Equal(claude, Assert.Single(state.Interactions).Event);
        Assert.Equal("tests pass", ((Marker)Assert.Single(state.Markers).Event).Label);
        Assert.Equal(8, state.EventCount);
        Assert.Equal(7, state.LastSequence);
        Assert.Equal(2, state.CountOf(EventChannel.Terminal));
        Assert.Equal(2, state.CountOf(EventChannel.Code));
        Assert.Equal(TimeSpan.FromSeconds(7), state.Time);
        Assert.True(state.Ended);
        Assert.Empty(state.Problems);

        // The counters are the embedded summary's: the fold the storage sink and `ilmrec info` run.
        Assert.Equal(8, state.Summary.EventCount);
        Assert.Equal(1, state.Summary.Keystrokes);
        Assert.Equal(1, state.Summary.ClaudeInteractions);
        Assert.Equal("done", state.Summary.EndReason);
        Assert.Equal("s", state.Summary.SessionId);
        Assert.Contains(state.Summary.Moments, m => m.Description == "marker: tests pass");
    }

    [Fact]
    public void Restore_Keyframe_RestoresTheSummary()
    {
        var events = RandomSessions.Create(17, 300);
        var timeline = SessionTimeline.Build(events, new KeyframePolicy { MaxEvents = 25 });
        var at = events[200].Time;
        var expected = timeline.FoldFromStart(at);

        var restored = timeline.StateAt(at);

        Assert.Equal(expected.Summary.ToBytes(), restored.Summary.ToBytes());
        Assert.Equal(expected.Summary.BuildFiles().Keys, restored.Summary.BuildFiles().Keys);
        var direct = new SessionSummary();
        foreach (var recorded in events.TakeWhile(e => e.Time <= at))
        {
            direct.Apply(recorded);
        }

        Assert.Equal(direct.ToBytes(), restored.Summary.ToBytes());
    }

    [Fact]
    public void Apply_SnapshotHashMismatch_AddsProblem()
    {
        var state = new SessionState();
        state.Apply(At(0, 0, new FileCreated("f", "a.txt", null, "ab")));
        state.Apply(At(1, 1, new CodeSnapshot("f", ContentHasher.Hash("something else"), EquatableArray<LineDiffOperation>.Empty, "ab")));

        Assert.Contains(state.Problems, p => p.Contains("does not match the hash", StringComparison.Ordinal));
    }

    [Fact]
    public void Apply_EditOutsideFile_AddsProblemInsteadOfThrowing()
    {
        var state = new SessionState();
        state.Apply(At(0, 0, new FileCreated("f", "a.txt", null, "ab")));
        state.Apply(At(1, 1, new TextEdited("f", new[] { new TextChange(10, 0, "X", null) }, null)));
        state.Apply(At(2, 2, new TextEdited("nope", new[] { new TextChange(0, 0, "X", null) }, null)));

        Assert.Equal(2, state.ProblemCount);
        Assert.Equal("ab", Assert.Single(state.Workspace.Files).GetContent());
    }

    [Fact]
    public void Apply_MatchesCodeWorkspaceAndTerminalReplay_OnRandomSession()
    {
        var events = RandomSessions.Create(7, 400);
        var state = new SessionState();
        var workspace = new CodeWorkspace();
        foreach (var recorded in events)
        {
            state.Apply(recorded);
            workspace.Apply(recorded);
        }

        var terminal = Terminal.TerminalReplay.ScreenAt(events, TimeSpan.MaxValue);
        Assert.Equal(workspace.Files.Select(f => (f.Path, f.GetContent())), state.Workspace.Files.Select(f => (f.Path, f.GetContent())));
        Assert.Equal(terminal!.GetScreenText().ToJson(), state.Terminal!.GetScreenText().ToJson());
        Assert.Equal(events.Count, state.EventCount);
    }
}
