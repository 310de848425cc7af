using System.Text;
using InterviewLM.Recording.Diff;

namespace InterviewLM.Recording.Replay.Tests;

/// <summary>Builds valid random sessions (edits fit their files, snapshots carry real diffs and hashes) from a seed.</summary>
internal static class RandomSessions
{
    private static readonly string[] s_output =
    [
        "$ dotnet test\r\n", "Passed!\r\n", "\u001b[31mFAIL\u001b[0m x\r\n", "\u001b[2J\u001b[H", "abc", "\u001b[?1049h", "\u001b[?1049l",
        "line\nnext\r\n", "\u001b[5;3Hxy", "日本語\r\n", "\u001b]0;title\u0007", "\u001b[1;32m", "\u001b[", "K\r\n", "\t|\b\b", "\u001b[3A\u001b[2K",
    ];

    public static List<RecordedEvent> Create(int seed, int length, bool withBadHash = true)
    {
        var random = new Random(seed);
        var events = new List<RecordedEvent>();
        long time = 0;
        var files = new Dictionary<string, (string Content, string? Snapshot)>();
        var nextFile = 0;
        var terminal = false;
        void Add(SessionEvent value)
        {
            events.Add(new RecordedEvent(events.Count, TimeSpan.FromTicks(time * TimeSpan.TicksPerMicrosecond), value));
            time += random.Next(4) == 0 ? 0 : random.Next(1, 3_000_000);
        }

        Add(new SessionStarted("sess_" + seed, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        for (var i = 0; i < length; i++)
        {
            var roll = random.Next(100);
            if (files.Count == 0 || roll < 6)
            {
                var id = "f" + nextFile++;
                var content = Text(random, random.Next(0, 40));
                files[id] = (content, null);
                Add(new FileCreated(id, $"src/{id}.cs", random.Next(2) == 0 ? "csharp" : null, content));
            }
            else if (roll < 45)
            {
                var id = Pick(random, files.Keys);
                var (content, snapshot) = files[id];
                var offset = random.Next(content.Length + 1);
                offset = Boundary(content, offset);
                var removed = Boundary(content, offset + random.Next(Math.Min(4, content.Length - offset) + 1)) - offset;
                var text = Text(random, random.Next(0, 6));
                files[id] = (content.Remove(offset, removed).Insert(offset, text), snapshot);
                Add(new TextEdited(id, new[] { new TextChange(offset, removed, text, null) }, null));
            }
            else if (roll < 55)
            {
                var id = Pick(random, files.Keys);
                var (content, snapshot) = files[id];
                var hash = withBadHash && random.Next(20) == 0 ? new string('0', 64) : ContentHasher.Hash(content);
                Add(random.Next(3) == 0 || snapshot is null
                    ? new CodeSnapshot(id, hash, EquatableArray<LineDiffOperation>.Empty, content)
                    : new CodeSnapshot(id, hash, LineDiff.Create(snapshot, content), null));
                files[id] = (content, content);
            }
            else if (roll < 58)
            {
                var id = Pick(random, files.Keys);
                Add(new FileRenamed(id, $"lib/{id}_{i}.cs"));
            }
            else if (roll < 60 && files.Count > 1)
            {
                var id = Pick(random, files.Keys);
                files.Remove(id);
                Add(new FileDeleted(id));
            }
            else if (!terminal || roll < 62)
            {
                terminal = true;
                Add(new TerminalStarted(random.Next(10, 100), random.Next(3, 30), "bash", "xterm-256color"));
            }
            else if (roll < 85)
            {
                Add(new TerminalOutput(s_output[random.Next(s_output.Length)] + Text(random, random.Next(0, 12))));
            }
            else if (roll < 88)
            {
                Add(new TerminalResized(random.Next(10, 120), random.Next(2, 40)));
            }
            else if (roll < 90)
            {
                Add(new TerminalInput("ls\r"));
            }
            else if (roll < 95)
            {
                Add(new ClaudeInteraction("msg_" + i, "claude-sonnet-4", "Why? " + i, "Because " + i, new ClaudeUsage(10, 20, 0, 0), TimeSpan.FromMilliseconds(200)));
            }
            else
            {
                Add(new Marker("m" + i, random.Next(2) == 0 ? "hint" : null));
            }
        }

        Add(new SessionEnded("completed"));
        return events;
    }

    // Edits start and end on code point boundaries, as the editor's are.
    private static int Boundary(string content, int offset) =>
        offset > 0 && offset < content.Length && char.IsLowSurrogate(content[offset]) && char.IsHighSurrogate(content[offset - 1]) ? offset - 1 : offset;

    private static string Pick(Random random, IEnumerable<string> keys)
    {
        var list = keys.Order(StringComparer.Ordinal).ToList();
        return list[random.Next(list.Count)];
    }

    private static string Text(Random random, int length)
    {
        const string alphabet = "abc xyz{}();\n\n\r\té€😀";
        var builder = new StringBuilder();
        while (builder.Length < length)
        {
            var c = alphabet[random.Next(alphabet.Length)];
            if (char.IsHighSurrogate(c))
            {
                builder.Append("😀");
            }
            else if (!char.IsLowSurrogate(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
