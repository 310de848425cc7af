namespace InterviewLM.Recording.Benchmarks;

/// <summary>A realistic mix of interview events: mostly keystroke edits, then terminal output, snapshots, markers and Claude calls.</summary>
internal static class RealisticEvents
{
    public static SessionEvent[] Create(int count, int seed = 1)
    {
        var random = new Random(seed);
        var events = new List<SessionEvent>(count) { new FileCreated("f1", "src/solution.py", "python") };
        var length = 0;
        var line = 1;
        var column = 1;
        while (events.Count < count)
        {
            var roll = random.Next(1000);
            if (roll < 700)
            {
                var text = random.Next(30) == 0 ? "\n" : ((char)random.Next('a', 'z' + 1)).ToString();
                events.Add(new TextEdited("f1", new[] { new TextChange(length, 0, text, new TextRange(line, column, line, column)) }));
                length += text.Length;
                (line, column) = text == "\n" ? (line + 1, 1) : (line, column + 1);
            }
            else if (roll < 760 && length > 0)
            {
                events.Add(new TextEdited("f1", new[] { new TextChange(length - 1, 1, string.Empty) }));
                length--;
                column = Math.Max(1, column - 1);
            }
            else if (roll < 960)
            {
                events.Add(new TerminalOutput(random.Next(4) == 0 ? "\u001b[32mPASSED\u001b[0m tests/test_solution.py::test_case_" + random.Next(100) + "\r\n" : "collecting ... " + random.Next(1000) + "\r\n"));
            }
            else if (roll < 985)
            {
                events.Add(new TerminalInput(((char)random.Next('a', 'z' + 1)).ToString()));
            }
            else if (roll < 996)
            {
                events.Add(new Marker("checkpoint " + random.Next(100)));
            }
            else
            {
                events.Add(new ClaudeInteraction("msg_" + events.Count, "claude-sonnet-4-5", "How do I make this loop faster?", "Use a dictionary lookup instead of scanning the list on every iteration; that turns O(n²) into O(n).", new ClaudeUsage(420, 96, 0, 380), TimeSpan.FromMilliseconds(1800))
                {
                    Conversation = new[] { new ClaudeMessage("user", "How do I make this loop faster?") },
                    StopReason = "end_turn",
                    Streamed = true,
                    TimeToFirstToken = TimeSpan.FromMilliseconds(350),
                    HttpStatus = 200,
                });
            }
        }

        return [.. events];
    }

    public static RecordedEvent[] Recorded(int count, int seed = 1)
    {
        var payloads = Create(count - 1, seed);
        var recorded = new RecordedEvent[count];
        recorded[0] = new RecordedEvent(0, TimeSpan.Zero, new SessionStarted("sess_bench", DateTimeOffset.UnixEpoch));
        long time = 0;
        var random = new Random(seed);
        for (var i = 1; i < count; i++)
        {
            time += random.Next(20_000, 250_000);
            recorded[i] = new RecordedEvent(i, TimeSpan.FromTicks(time * 10), payloads[i - 1]);
        }

        return recorded;
    }
}
