using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using InterviewLM.Recording.Cli.Commands;
using InterviewLM.Recording.Cli.Tests.Terminal;
using InterviewLM.Recording.Replay.Tests;
using InterviewLM.Recording.Storage.Jsonl;

namespace InterviewLM.Recording.Cli.Tests.Commands;

/// <summary><c>ilmrec import-events</c> (issue 15, item 2): a session from JSON Lines, checked line by line by the recorder's rules.</summary>
public sealed class ImportEventsCommandTests : IDisposable
{
    // Lines 1 and 2 of every malformed input: the session's start and a file of 12 characters.
    private const string Start = "{\"seq\":0,\"t\":0,\"type\":\"session_start\",\"sessionId\":\"sess_lines\",\"startedAt\":\"2026-01-01T09:00:00+00:00\"}\n"
        + "{\"t\":1000,\"type\":\"file_created\",\"fileId\":\"f1\",\"path\":\"main.py\",\"content\":\"print('hi')\\n\"}\n";

    private readonly string _work = Directory.CreateTempSubdirectory("ilmrec-cli-import-events-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Property(MaxTest = 25)]
    public Property ImportAsync_ExportedJsonlOfRandomSession_GivesTheSameEvents() => Prop.ForAll(
        Gen.Zip(Gen.Zip(Gen.Choose(0, 100_000), Gen.Choose(0, 250)), Gen.Choose(1, 40)).ToArbitrary(),
        input =>
        {
            var ((seed, length), blockEvents) = input;
            var name = Guid.NewGuid().ToString("N");
            var source = Path.Combine(_work, name);
            var exported = Path.Combine(_work, name + ".jsonl");
            var imported = Path.Combine(_work, name + "-imported");
            var recorded = RecordAsync(source, WithUiAndUnknownEvents(RandomSessions.Create(seed, length), seed), blockEvents).GetAwaiter().GetResult();
            var session = CliStore.OpenAsync(source, CancellationToken.None).GetAwaiter().GetResult();
            ExportCommand.ExportEventsAsync(session, JsonlCodec.Instance, exported, CancellationToken.None).GetAwaiter().GetResult();

            ImportEventsResult result;
            using (var file = File.OpenRead(exported))
            {
                result = ImportEventsCommand.ImportAsync(file, imported, "jsonl-gz", "test", CancellationToken.None).GetAwaiter().GetResult();
            }

            var original = ReadEventsAsync(source).GetAwaiter().GetResult();
            var copy = ReadEventsAsync(imported).GetAwaiter().GetResult();
            return original.Count == recorded
                && copy.SequenceEqual(original)
                && result.Events == original.Count
                && result.SessionId == "sess_" + seed
                && !Directory.Exists(imported + ".importing");
        });

    [Fact]
    public async Task ImportEvents_ExportPipedThroughShell_GivesTheSameEventsAndAnIntactSession()
    {
        Assert.Equal(0, (await IlmrecProcess.RunAsync(_work, null, "demo", "--out", "d")).ExitCode);
        var ilmrec = "dotnet '" + Path.Combine(AppContext.BaseDirectory, "ilmrec.dll") + "'";

        var (exitCode, error) = await IlmrecProcess.RunToolAsync("sh", _work, "-c", $"set -e; {ilmrec} export d --format jsonl --out - | tee exported.jsonl | {ilmrec} import-events - --out d2");

        Assert.True(exitCode == 0, error);
        var exported = await File.ReadAllTextAsync(Path.Combine(_work, "exported.jsonl"));
        Assert.Contains("{\"$block\":", exported, StringComparison.Ordinal);
        Assert.Contains("{\"$keyframe\":", exported, StringComparison.Ordinal); // framing lines are skipped, not refused
        var original = await ReadEventsAsync(Path.Combine(_work, "d"));
        Assert.True(original.Count > 50);
        Assert.Equal(original, await ReadEventsAsync(Path.Combine(_work, "d2")));
        var verify = await IlmrecProcess.RunAsync(_work, null, "verify", "d2");
        Assert.StartsWith("intact", Encoding.UTF8.GetString(verify.StandardOutput), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportEvents_BadLineOnStandardInput_ExitsOneWithOneLineAndLeavesNoSession()
    {
        var result = await IlmrecProcess.RunAsync(_work, Start + "{\"t\":2000,\"type\":\"text_edit\",\"fileId\":\"f9\",\"changes\":[[0,0,\"x\"]]}\n", "import-events", "-", "--out", "s");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("ilmrec: error: line 3: Rejected text_edit event: file 'f9' is unknown (record a file_created event first).\n", result.StandardError);
        AssertNoSession("s");
    }

    [Fact]
    public async Task ImportAsync_BadJson_NamesLineAndByte() =>
        await AssertRejectedAsync(
            Start + "{\"t\":2000,type:\"marker\",\"label\":\"x\"}\n",
            "line 3: not valid JSON at byte 10: 't' is an invalid start of a property name. Expected a '\"'.");

    [Fact]
    public async Task ImportAsync_UnknownFile_NamesLineAndFile() =>
        await AssertRejectedAsync(
            Start + "{\"t\":2000,\"type\":\"file_renamed\",\"fileId\":\"nope\",\"newPath\":\"b.py\"}\n",
            "line 3: Rejected file_renamed event: file 'nope' is unknown (record a file_created event first).");

    [Fact]
    public async Task ImportAsync_EditOutsideTheDocument_NamesLineAndLength() =>
        await AssertRejectedAsync(
            Start + "{\"t\":2000,\"type\":\"text_edit\",\"fileId\":\"f1\",\"changes\":[[10,30,\"x\"]]}\n",
            "line 3: Rejected text_edit event: change 0 replaces [10, 40) but the document is 12 UTF-16 units long.");

    [Fact]
    public async Task ImportAsync_TimeGoingBackwards_NamesLineAndTimes() =>
        await AssertRejectedAsync(
            Start + "{\"t\":2000,\"type\":\"marker\",\"label\":\"a\"}\n{\"t\":1500,\"type\":\"marker\",\"label\":\"b\"}\n",
            "line 4: Rejected marker event: its time 00:00:00.0015000 is earlier than the previous event's 00:00:00.0020000; time never goes backwards.");

    [Fact]
    public async Task ImportAsync_MissingRequiredField_NamesLineAndField() =>
        await AssertRejectedAsync(
            Start + "{\"t\":2000,\"type\":\"file_deleted\"}\n",
            "line 3: not an event record: The record has no \"fileId\".");

    [Fact]
    public async Task ImportAsync_MissingTime_NamesLineAndTheFieldsEveryLineNeeds() =>
        await AssertRejectedAsync(
            Start + "{\"type\":\"marker\",\"label\":\"x\"}\n",
            "line 3: not an event record: An event record needs \"t\" and \"type\".");

    [Fact]
    public async Task ImportAsync_FieldOfTheWrongType_NamesLineAndField() =>
        await AssertRejectedAsync(
            Start + "{\"t\":\"soon\",\"type\":\"marker\",\"label\":\"x\"}\n",
            "line 3: not an event record: \"t\" has the wrong type or value: Cannot get the value of a token type 'String' as a number.");

    [Fact]
    public async Task ImportAsync_SequenceNotIncreasing_NamesLineAndNumbers() =>
        await AssertRejectedAsync(
            Start + "{\"seq\":5,\"t\":2000,\"type\":\"marker\",\"label\":\"a\"}\n{\"seq\":5,\"t\":2000,\"type\":\"marker\",\"label\":\"b\"}\n",
            "line 4: seq 5 is not after the previous line's 5; sequence numbers increase");

    [Fact]
    public async Task ImportAsync_EventAfterSessionEnd_NamesBothLines() =>
        await AssertRejectedAsync(
            Start + "{\"t\":2000,\"type\":\"session_end\",\"reason\":\"done\"}\n\n{\"t\":3000,\"type\":\"marker\",\"label\":\"late\"}\n",
            "line 5: an event after the session's end (session_end on line 3)");

    [Fact]
    public async Task ImportAsync_NoEvents_IsAnError() =>
        await AssertRejectedAsync("\n  \n", "the input holds no events");

    [Fact]
    public async Task ImportAsync_UnknownTypeAndNoSeq_KeptAsUnknownEventInASessionOfItsOwn()
    {
        const string future = "{\"t\":3000,\"type\":\"future_thing\",\"payload\":{\"n\":[1,2.5,true,null]}}";
        var input = Start + "\r\n" + future + "\r\n{\"t\":4000,\"type\":\"text_edit\",\"fileId\":\"f1\",\"changes\":[[0,5,\"echo\"]]}\n{\"t\":5000,\"type\":\"session_end\",\"reason\":\"host closed\"}";

        var result = await ImportAsync(input, "s");

        var events = await ReadEventsAsync(Path.Combine(_work, "s"));
        Assert.Equal(new ImportEventsResult(5, "sess_lines"), result);
        Assert.Equal(["session_start", "file_created", "future_thing", "text_edit", "session_end"], events.Select(e => e.Event.Type));
        Assert.Equal(Enumerable.Range(0, 5).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.Equal(new SessionStarted("sess_lines", new DateTimeOffset(2026, 1, 1, 9, 0, 0, TimeSpan.Zero)), events[0].Event);
        var unknown = Assert.IsType<UnknownEvent>(events[2].Event);
        Assert.Contains("\"payload\":{\"n\":[1,2.5,true,null]}", unknown.RawJson, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromMilliseconds(3), events[2].Time);
        Assert.Equal(new SessionEnded("host closed"), events[4].Event);
        Assert.Equal(TimeSpan.FromMilliseconds(5), events[4].Time);
        Assert.False(Directory.Exists(Path.Combine(_work, "s.importing")));
    }

    [Fact]
    public async Task ImportAsync_TargetNotEmpty_RefusedAndLeftAlone()
    {
        var target = Directory.CreateDirectory(Path.Combine(_work, "taken")).FullName;
        await File.WriteAllTextAsync(Path.Combine(target, "keep.txt"), "mine");

        var ex = await Assert.ThrowsAsync<IOException>(() => ImportAsync(Start, "taken"));

        Assert.Contains("already exists", ex.Message, StringComparison.Ordinal);
        Assert.Equal(["keep.txt"], Directory.GetFileSystemEntries(target).Select(Path.GetFileName));
    }

    private async Task AssertRejectedAsync(string input, string message)
    {
        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => ImportAsync(input, "s"));

        Assert.Equal(message, ex.Message);
        AssertNoSession("s");
    }

    private void AssertNoSession(string name)
    {
        Assert.False(Directory.Exists(Path.Combine(_work, name)), "a failed import left a session behind");
        Assert.False(Directory.Exists(Path.Combine(_work, name + ".importing")), "a failed import left its half-built session behind");
    }

    private async Task<ImportEventsResult> ImportAsync(string input, string name)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(input));
        return await ImportEventsCommand.ImportAsync(stream, Path.Combine(_work, name), "jsonl-gz", "test", CancellationToken.None);
    }

    /// <summary>Records a session as an importer does (the recorder writes start and end); returns its event count.</summary>
    private static async Task<int> RecordAsync(string path, List<RecordedEvent> events, int blockEvents)
    {
        var started = (SessionStarted)events[0].Event;
        var clock = new ManualTimeProvider(started.StartedAt);
        var recorder = await CliStore.StartAsync(
            path,
            CliStore.CreateStorage("jsonl-gz", clock),
            new SessionRecorderOptions { TimeProvider = clock, SessionId = started.SessionId, FlushInterval = TimeSpan.FromDays(1), MaxBlockEvents = blockEvents },
            CancellationToken.None);
        await using (recorder)
        {
            foreach (var e in events.Skip(1).SkipLast(1))
            {
                clock.MoveTo(e.Time);
                recorder.Record(e.Event, e.Time);
            }

            clock.MoveTo(events[^1].Time);
            await recorder.CompleteAsync(((SessionEnded)events[^1].Event).Reason);
        }

        return events.Count;
    }

    // The random sessions have no UI events and no types from a later version; add some, at the times around them.
    private static List<RecordedEvent> WithUiAndUnknownEvents(List<RecordedEvent> events, int seed)
    {
        var random = new Random(seed);
        var result = new List<RecordedEvent> { events[0] };
        foreach (var e in events.Skip(1).SkipLast(1))
        {
            result.Add(e);
            switch (random.Next(12))
            {
                case 0:
                    result.Add(e with { Event = new UiEvent("rrweb", "{\"type\":3,\"data\":{\"source\":2,\"x\":" + random.Next(1000) + "}}") });
                    break;
                case 1:
                    result.Add(e with { Event = new UnknownEvent("future_thing", "{\"type\":\"future_thing\",\"payload\":{\"note\":\"ü\\n\",\"n\":[1,2.5,true,null]}}") });
                    break;
            }
        }

        result.Add(events[^1]);
        return result;
    }

    private static async Task<List<RecordedEvent>> ReadEventsAsync(string path)
    {
        var list = new List<RecordedEvent>();
        await foreach (var recorded in (await CliStore.OpenAsync(path, CancellationToken.None)).ReadEventsAsync())
        {
            list.Add(recorded);
        }

        return list;
    }
}
