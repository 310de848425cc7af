// Native AOT smoke test: records a session through the public API (the pipeline with keyframes) in every codec, reads it
// back, folds, verifies and seeks in it, and checks what comes out. Exit code 0 and "aot smoke: ok" when every check held; 1 and the failed check otherwise.
using InterviewLM.Recording;
using InterviewLM.Recording.Diff;
using InterviewLM.Recording.Replay;
using InterviewLM.Recording.Storage;
using InterviewLM.Recording.Storage.Protobuf;

var root = Path.Combine(Path.GetTempPath(), "ilmrec-aot-smoke-" + Guid.NewGuid().ToString("N"));
var failures = new List<string>();
try
{
    var codecs = EventCodecs.Default.With(ProtobufBrotliCodec.Instance);
    foreach (var codec in codecs.All)
    {
        var path = Path.Combine(root, codec.Name);
        await RecordAsync(path, codec);
        await CheckAsync(path, codec.Name, codecs, failures);
    }
}
finally
{
    if (Directory.Exists(root))
    {
        Directory.Delete(root, recursive: true);
    }
}

if (failures.Count > 0)
{
    foreach (var failure in failures)
    {
        Console.Error.WriteLine("aot smoke: FAILED " + failure);
    }

    return 1;
}

Console.WriteLine("aot smoke: ok");
return 0;

static async Task RecordAsync(string path, IEventCodec codec)
{
    var clock = new ManualTimeProvider(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
    var storage = new SessionStorageOptions { Codec = codec, TimeProvider = clock };
    await using var sink = await new SessionPipelineBuilder().UseKeyframes().BuildAsync(DirectorySessionObjects.Create(path), storage);
    await using var recorder = SessionRecorder.Start(sink, new SessionRecorderOptions { SessionId = "sess_aot", TimeProvider = clock });
    using (var tracker = new CodeTracker(recorder, new CodeTrackerOptions { TimeProvider = clock }))
    {
        tracker.CreateFile("f1", "main.py", "python");
        foreach (var ch in "print('hi')\n")
        {
            clock.Advance(TimeSpan.FromMilliseconds(120));
            tracker.Edit("f1", new TextChange(tracker.GetContent("f1").Length, 0, ch.ToString()));
        }
    }

    recorder.Record(new TerminalStarted(80, 24, "bash"));
    clock.Advance(TimeSpan.FromSeconds(1));
    recorder.Record(new TerminalOutput("$ python main.py\r\nhi\r\n"));
    recorder.Record(new ClaudeInteraction("msg_1", "claude-test", "Why?", "Because.", new ClaudeUsage(3, 2, 0, 0), TimeSpan.FromMilliseconds(800)));
    recorder.Record(new Marker("done"));
    await recorder.CompleteAsync();
}

static async Task CheckAsync(string path, string codec, EventCodecs codecs, List<string> failures)
{
    var session = await StoredSession.OpenAsync(DirectorySessionObjects.Open(path), codecs);
    var state = new SessionState();
    var count = 0;
    await foreach (var recorded in session.ReadEventsAsync())
    {
        state.Apply(recorded);
        count++;
    }

    Check(state.Ended, $"{codec}: the session has no end", failures);
    Check(state.Workspace.TryGetFile("f1", out var file) && file.GetContent() == "print('hi')\n", $"{codec}: main.py was not rebuilt", failures);
    Check(state.Terminal?.GetLineText(1) == "hi", $"{codec}: the terminal screen was not rebuilt", failures);
    Check(state.Interactions.Count == 1 && state.Markers.Count == 1, $"{codec}: the Claude call or the marker is missing", failures);
    Check(state.ProblemCount == 0, $"{codec}: the fold reported problems: {string.Join("; ", state.Problems)}", failures);
    Check(state.Summary.ClaudeInteractions == 1 && state.Summary.Keystrokes == 12 && state.Summary.EventCount == count, $"{codec}: the embedded summary counts wrong", failures);

    var verification = await SessionVerifier.VerifyAsync(session);
    Check(verification.IsIntact && verification.KeyframeCount > 0, $"{codec}: verify found {string.Join("; ", verification.Problems.Select(p => p.Detail))} ({verification.KeyframeCount} keyframes)", failures);

    var seeker = await StoredSessionSeeker.OpenAsync(session);
    var end = await seeker.StateAtAsync(TimeSpan.MaxValue);
    Check(end.EventCount == count && end.Summary.ToBytes().AsSpan().SequenceEqual(state.Summary.ToBytes()), $"{codec}: a seek to the end (from the end's keyframe) differs from the fold", failures);
    var middle = await seeker.StateAtAsync(TimeSpan.FromMilliseconds(600));
    Check(middle.Workspace.TryGetFile("f1", out var early) && early.GetContent() == "print", $"{codec}: a seek to 0.6 s did not give the file as typed then", failures);
    Check(count > 10, $"{codec}: only {count} events read back", failures);
}

static void Check(bool condition, string failure, List<string> failures)
{
    if (!condition)
    {
        failures.Add(failure);
    }
}
