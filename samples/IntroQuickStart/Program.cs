using InterviewLM.Recording;
using InterviewLM.Recording.Storage;

var store = new DirectorySessionStore("sessions");
await using (var recorder = await InterviewRecording.StartAsync(store, new() { SessionId = "sess_42" }))
{
    recorder.Record(new FileCreated("f1", "main.py", "python"));
    recorder.Record(new TextEdited("f1", new[] { new TextChange(0, 0, "print('hi')\n") }));
    recorder.Record(new TerminalOutput("$ python main.py\r\nhi\r\n"));
    recorder.Record(new ClaudeInteraction("msg_1", "claude-sonnet-4-5", "Why hi?", "Tradition.", ClaudeUsage.None, TimeSpan.FromSeconds(1)));
} // completed: metadata.json, events.jsonl.gz, index.json, terminal.cast, claude_interactions.jsonl, files/

var session = await StoredSession.OpenAsync(await store.OpenAsync("sess_42"));
await foreach (var e in session.ReadEventsAsync())
    Console.WriteLine($"{e.Sequence} {e.Time} {e.Event.Type}");
