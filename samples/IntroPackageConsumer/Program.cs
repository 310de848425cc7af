// Builds against the packed packages (bash eng/pack.sh), as a host that adopts them would: record a small session through
// the default pipeline, then read it back. The test in tests/InterviewLM.Recording.Packaging.Tests checks the line this prints.
using InterviewLM.Recording;
using InterviewLM.Recording.Testing;
using InterviewLM.Recording.Storage;

var store = new InMemorySessionStore();
await using (var recorder = await InterviewRecording.StartAsync(store, new() { SessionId = "sess_pkg" }))
{
    recorder.Record(new FileCreated("f1", "main.py", "python"));
    recorder.Record(new TextEdited("f1", new[] { new TextChange(0, 0, "print('hi')\n") }));
    recorder.Record(new Marker("packaged"));
    await recorder.CompleteAsync();
}

var session = await StoredSession.OpenAsync(await store.OpenAsync("sess_pkg"));
var types = new List<string>();
await foreach (var e in session.ReadEventsAsync())
{
    types.Add(e.Event.Type);
}

var objects = new List<string>();
await foreach (var o in session.Objects.ListAsync())
{
    objects.Add(o.Name);
}

Console.WriteLine($"package consumer: sess_pkg read back {types.Count} events: {string.Join(' ', types)}; objects: {string.Join(' ', objects)}");
