using Microsoft.Extensions.Time.Testing;

namespace InterviewLM.Recording.Storage.Tests;

/// <summary>The sample session the store, reader and sink tests record: every channel, a few blocks.</summary>
internal static class TestSessions
{
    public static readonly DateTimeOffset Start = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    public static string NewPath() => Path.Combine(Path.GetTempPath(), "ilmrec-tests", Guid.NewGuid().ToString("N"));

    public static IEnumerable<SessionEvent> SampleEvents()
    {
        yield return new FileCreated("f1", "main.py", "python");
        yield return new TextEdited("f1", new[] { new TextChange(0, 0, "print('hi')\n", new TextRange(1, 1, 1, 1)) });
        yield return new TerminalStarted(80, 24, "bash", "xterm-256color");
        yield return new TerminalOutput("$ python main.py\r\nhi\r\n");
        yield return new TerminalResized(100, 30);
        yield return new ClaudeInteraction("msg_1", "claude-sonnet-4-5", "why?", "because", new ClaudeUsage(10, 5, 1, 2), TimeSpan.FromMilliseconds(900))
        {
            ToolUses = new[] { new ClaudeToolUse("toolu_1", "run", "{\"x\":1}") },
            StopReason = "tool_use",
            TimeToFirstToken = TimeSpan.FromMilliseconds(120),
            HttpStatus = 200,
        };
        yield return new Marker("done");
        yield return new CodeSnapshot("f1", ContentHasher.Hash("print('hi')\n"), EquatableArray<LineDiffOperation>.Empty, "print('hi')\n");
    }

    /// <summary>Records <see cref="SampleEvents"/> through a pipeline with no layers (the storage sink alone) into <paramref name="objects"/>, 250 ms apart, and completes it.</summary>
    public static async Task RecordSampleAsync(ISessionObjects objects, IEventCodec codec, int maxBlockEvents = 3, SessionPipelineBuilder? pipeline = null)
    {
        var clock = new FakeTimeProvider(Start);
        var sink = await (pipeline ?? new SessionPipelineBuilder()).BuildAsync(objects, new SessionStorageOptions { Codec = codec, TimeProvider = clock, CandidateId = "cand_1" });
        await using (sink)
        {
            await using var recorder = SessionRecorder.Start(sink, new SessionRecorderOptions { TimeProvider = clock, SessionId = "sess_t", MaxBlockEvents = maxBlockEvents, FlushInterval = TimeSpan.FromHours(1) });
            foreach (var value in SampleEvents())
            {
                clock.Advance(TimeSpan.FromMilliseconds(250));
                recorder.Record(value);
            }
        }
    }

    /// <summary>Records the sample into a new directory and returns its path.</summary>
    public static async Task<string> RecordSampleDirectoryAsync(IEventCodec codec, int maxBlockEvents = 3)
    {
        var path = NewPath();
        await RecordSampleAsync(DirectorySessionObjects.Create(path), codec, maxBlockEvents);
        return path;
    }

    /// <summary>Writes <paramref name="events"/> in blocks straight to a storage sink (no recorder), completing it.</summary>
    public static async Task WriteBlocksAsync(IEventSink sink, IEnumerable<RecordedEvent[]> blocks, bool complete = true)
    {
        await using (sink)
        {
            foreach (var block in blocks)
            {
                await sink.WriteAsync(block);
            }

            if (complete)
            {
                await sink.CompleteAsync();
            }
        }
    }

    public static async Task<Dictionary<string, byte[]>> ReadAllObjectsAsync(IReadOnlySessionObjects objects)
    {
        var all = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        await foreach (var item in objects.ListAsync())
        {
            all[item.Name] = (await objects.ReadAllBytesAsync(item.Name))!;
        }

        return all;
    }
}
