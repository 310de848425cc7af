// The README's quick start, kept here so it always compiles: record a tiny session, then read it back.
using InterviewLM.Recording;
using InterviewLM.Recording.Storage;

var path = Path.Combine(Path.GetTempPath(), "ilmrec-quickstart-" + Guid.NewGuid().ToString("N"));
await using (var sink = SessionDirectory.Create(path))
{
    await using var recorder = SessionRecorder.Start(sink, new() { SessionId = "sess_42" });
    recorder.Record(new FileCreated("f1", "main.py", "python"));
    recorder.Record(new TextEdited("f1", new[] { new TextChange(0, 0, "print('hi')\n") }));
    recorder.Record(new TerminalOutput("$ python main.py\r\nhi\r\n"));
    recorder.Record(new Marker("first run"));
    await recorder.CompleteAsync();
}

await foreach (var e in SessionDirectory.Open(path).ReadEventsAsync())
{
    Console.WriteLine($"{e.Sequence} {e.Time} {e.Event.Type}");
}

Directory.Delete(path, recursive: true);
