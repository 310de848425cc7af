// Builds against the packed packages (bash eng/pack.sh), as a host that adopts them would: record a small session, then
// read it back. The test in tests/InterviewLM.Recording.Packaging.Tests checks the line this prints.
using InterviewLM.Recording;
using InterviewLM.Recording.Storage;

var path = Path.Combine(Path.GetTempPath(), "ilmrec-package-consumer-" + Guid.NewGuid().ToString("N"));
try
{
    await using (var sink = SessionDirectory.Create(path))
    {
        await using var recorder = SessionRecorder.Start(sink, new() { SessionId = "sess_pkg" });
        recorder.Record(new FileCreated("f1", "main.py", "python"));
        recorder.Record(new TextEdited("f1", new[] { new TextChange(0, 0, "print('hi')\n") }));
        recorder.Record(new Marker("packaged"));
        await recorder.CompleteAsync();
    }

    var types = new List<string>();
    await foreach (var e in SessionDirectory.Open(path).ReadEventsAsync())
    {
        types.Add(e.Event.Type);
    }

    Console.WriteLine($"package consumer: sess_pkg read back {types.Count} events: {string.Join(' ', types)}");
}
finally
{
    Directory.Delete(path, recursive: true);
}
