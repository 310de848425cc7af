using FsCheck;
using FsCheck.Fluent;
using InterviewLM.Recording.TestUtils;

namespace InterviewLM.Recording.Core.Tests;

public sealed partial class SessionSummaryTests
{
    private static readonly DateTimeOffset s_start = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static RecordedEvent[] KnownSession() =>
    [
        new(0, TimeSpan.Zero, new SessionStarted("sess_known", s_start)),
        new(1, TimeSpan.FromSeconds(1), new FileCreated("f1", "src/a.py", "python", "x = 1\n")),
        new(2, TimeSpan.FromSeconds(2), new TextEdited("f1", new TextChange[] { new(0, 0, "abc"), new(3, 0, "de") })),
        new(3, TimeSpan.FromSeconds(3), new TextEdited("f1", new TextChange[] { new(0, 1, "z") })),
        new(4, TimeSpan.FromSeconds(4), new FileCreated("f2", "b.txt")),
        new(5, TimeSpan.FromSeconds(4), new FileRenamed("f2", "docs/b.txt")),
        new(6, TimeSpan.FromSeconds(5), new CodeSnapshot("f1", "hash-f1", new LineDiffOperation[] { LineDiffOperation.Keep(1) })),
        new(7, TimeSpan.FromSeconds(6), new TerminalStarted(80, 24)),
        new(8, TimeSpan.FromSeconds(6.5), new TerminalOutput("$ ")),
        new(9, TimeSpan.FromSeconds(7), new TerminalInput("ls\r")),
        new(10, TimeSpan.FromSeconds(8), new ClaudeInteraction("msg_1", "m", "p", "r", ClaudeUsage.None, TimeSpan.FromSeconds(1))),
        new(11, TimeSpan.FromSeconds(9), new ClaudeInteraction("msg_2", "m", "p", "r", ClaudeUsage.None, TimeSpan.FromSeconds(1))),
        new(12, TimeSpan.FromSeconds(10), new Marker("tests pass")),
        new(13, TimeSpan.FromSeconds(12), new SessionEnded("completed")),
    ];

    [Fact]
    public void Apply_KnownSession_CountsEveryTotal()
    {
        var summary = Fold(KnownSession());

        Assert.Equal("sess_known", summary.SessionId);
        Assert.Equal(s_start, summary.StartedAt);
        Assert.Equal(14, summary.EventCount);
        Assert.Equal(13, summary.LastSequence);
        Assert.Equal(TimeSpan.FromSeconds(12), summary.Duration);
        Assert.True(summary.Ended);
        Assert.Equal("completed", summary.EndReason);
        Assert.Equal(2, summary.ClaudeInteractions);
        Assert.Equal(2, summary.Edits);
        Assert.Equal(6, summary.Keystrokes); // "abc" + "de" + "z"
        Assert.Equal(2, summary.CountOf(EventChannel.Session));
        Assert.Equal(6, summary.CountOf(EventChannel.Code));
        Assert.Equal(3, summary.CountOf(EventChannel.Terminal));
        Assert.Equal(2, summary.CountOf(EventChannel.Claude));
        Assert.Equal(1, summary.CountOf(EventChannel.Marker));
        Assert.Equal(0, summary.CountOf(EventChannel.Ui));
        Assert.Equal(0, summary.CountOf((EventChannel)99));
        Assert.Equal(2, summary.PerType[FileCreated.TypeName]);
        Assert.Equal(2, summary.PerType[TextEdited.TypeName]);
        Assert.Equal(1, summary.PerType[CodeSnapshot.TypeName]);
        Assert.Equal(2, summary.PerType[ClaudeInteraction.TypeName]);
        Assert.Equal(14, summary.PerType.Values.Sum());
        Assert.Equal(
            ["session_start", "first_file_created", "first_edit", "first_terminal_output", "first_claude_call", "marker: tests pass", "session_end"],
            summary.Moments.Select(m => m.Description));
        Assert.Equal(new SessionMoment(TimeSpan.FromSeconds(2), 2, "first_edit"), summary.Moments[2]);
        var files = summary.BuildFiles();
        Assert.Equal(["docs/b.txt", "src/a.py"], files.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(new SessionFileInfo("f1", TimeSpan.FromSeconds(1), "hash-f1"), files["src/a.py"]);
        Assert.Equal(new SessionFileInfo("f2", TimeSpan.FromSeconds(4), null), files["docs/b.txt"]);
    }

    [Fact]
    public void Apply_NothingYet_EmptyTotals()
    {
        var summary = new SessionSummary();

        Assert.Null(summary.SessionId);
        Assert.Null(summary.StartedAt);
        Assert.Equal((0L, -1L, false), (summary.EventCount, summary.LastSequence, summary.Ended));
        Assert.Empty(summary.BuildFiles());
        Assert.Empty(summary.Moments);
    }

    [Fact]
    public void Read_KnownSession_RestoresEveryTotal()
    {
        var summary = Fold(KnownSession());

        var restored = SessionSummary.Read(summary.ToBytes());

        AssertSame(summary, restored);
        // The restored fold goes on folding as the original does.
        var more = new RecordedEvent(14, TimeSpan.FromSeconds(13), new TextEdited("f1", new TextChange[] { new(0, 0, "q") }));
        summary.Apply(more);
        restored.Apply(more);
        Assert.Equal(summary.ToBytes(), restored.ToBytes());
    }

    [Fact]
    public void Read_DamagedBytes_ThrowsFormatException()
    {
        var bytes = Fold(KnownSession()).ToBytes();

        Assert.Throws<FormatException>(() => SessionSummary.Read(bytes.AsSpan(0, bytes.Length - 3)));
        Assert.Throws<FormatException>(() => SessionSummary.Read([.. bytes, 0]));
        Assert.Throws<FormatException>(() => SessionSummary.Read([99, .. bytes[1..]]));
        Assert.Throws<FormatException>(() => SessionSummary.Read([]));
    }

    [Fact]
    public void ToBytesRead_AnyStream_RoundTrips() =>
        Prop.ForAll(EventGenerators.Stream.ToArbitrary(), stream =>
        {
            var summary = Fold(stream);
            var bytes = summary.ToBytes();
            var restored = SessionSummary.Read(bytes);
            AssertSame(summary, restored);
            Assert.Equal(bytes, restored.ToBytes());
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void ToBytesRead_AnyPrefixThenRest_SameTotalsAsOneFold() =>
        Prop.ForAll(EventGenerators.Stream.ToArbitrary(), Gen.Choose(0, 1000).ToArbitrary(), (stream, cut) =>
        {
            var at = stream.Length == 0 ? 0 : cut % (stream.Length + 1);
            var resumed = SessionSummary.Read(Fold(stream[..at]).ToBytes());
            foreach (var recorded in stream[at..])
            {
                resumed.Apply(recorded);
            }

            Assert.Equal(Fold(stream).ToBytes(), resumed.ToBytes());
        }).QuickCheckThrowOnFailure();

    private static SessionSummary Fold(IEnumerable<RecordedEvent> events)
    {
        var summary = new SessionSummary();
        foreach (var recorded in events)
        {
            summary.Apply(recorded);
        }

        return summary;
    }

    private static void AssertSame(SessionSummary expected, SessionSummary actual)
    {
        Assert.Equal(
            (expected.SessionId, expected.StartedAt, expected.EventCount, expected.LastSequence, expected.Duration, expected.EndReason, expected.ClaudeInteractions, expected.Keystrokes, expected.Edits),
            (actual.SessionId, actual.StartedAt, actual.EventCount, actual.LastSequence, actual.Duration, actual.EndReason, actual.ClaudeInteractions, actual.Keystrokes, actual.Edits));
        foreach (var channel in Enum.GetValues<EventChannel>())
        {
            Assert.Equal(expected.CountOf(channel), actual.CountOf(channel));
        }

        Assert.Equal(expected.PerType.OrderBy(p => p.Key, StringComparer.Ordinal), actual.PerType.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(expected.Moments, actual.Moments);
        Assert.Equal(expected.CaptureFailures, actual.CaptureFailures);
        Assert.Equal(expected.CaptureFailuresBySource, actual.CaptureFailuresBySource);
        Assert.Equal(expected.BuildFiles().OrderBy(p => p.Key, StringComparer.Ordinal), actual.BuildFiles().OrderBy(p => p.Key, StringComparer.Ordinal));
    }
}
