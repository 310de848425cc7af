using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace InterviewLM.Recording.TestUtils;

/// <summary>FsCheck generators of events and event streams, shared by codec property tests.</summary>
public static class EventGenerators
{
    private static readonly string[] Samples =
    [
        string.Empty, "a", "hello world", "line1\nline2\r\n", "tab\there", "quote\"backslash\\", "\u001b[1;31mred\u001b[0m",
        "naïve café", "日本語テキスト", "emoji 😀👍🏽", "\u0000\u0001\u007f", "{\"json\":true}", "    indented\n", "</script>&amp;", "\u2028\u2029",
    ];

    /// <summary>Gets a generator of valid UTF-16 strings mixing ASCII, controls, non-ASCII and surrogate pairs.</summary>
    public static Gen<string> Text { get; } = Gen.Frequency(
        (3, Gen.Elements(Samples)),
        (5, Gen.Choose(0, 40).SelectMany(length => Gen.ArrayOf(CharOrPair(), length)).Select(parts => string.Concat(parts))));

    /// <summary>Gets a generator of non-empty identifiers.</summary>
    public static Gen<string> Identifier { get; } = Gen.Choose(1, 12).SelectMany(n => Gen.ArrayOf(Gen.Elements("abcdefghijklmnopqrstuvwxyz0123456789_./-".ToCharArray()), n)).Select(c => new string(c));

    /// <summary>Gets a generator of event payloads of every kind.</summary>
    public static Gen<SessionEvent> Payload { get; } = Gen.OneOf(
        Text.Select(t => (SessionEvent)new TerminalOutput(t)),
        Text.Select(t => (SessionEvent)new TerminalInput(t)),
        from c in Gen.Choose(1, 500) from r in Gen.Choose(1, 200) select (SessionEvent)new TerminalResized(c, r),
        from c in Gen.Choose(1, 500) from r in Gen.Choose(1, 200) from command in Text.OrNull() select (SessionEvent)new TerminalStarted(c, r, command, "xterm-256color"),
        from code in Gen.Choose(-1, 255) from signal in Gen.Elements<int?>(null, 9, 15) select (SessionEvent)new TerminalExited(code < 0 ? null : code, signal),
        from id in Identifier from path in Identifier from content in Text select (SessionEvent)new FileCreated(id, path, "python", content),
        from id in Identifier from path in Identifier select (SessionEvent)new FileRenamed(id, path),
        Identifier.Select(s => (SessionEvent)new FileDeleted(s)),
        Skipped(),
        from id in Identifier from changes in Gen.NonEmptyListOf(Change()) from hash in Hash().OrNull() select (SessionEvent)new TextEdited(id, changes.ToArray(), hash),
        from id in Identifier from hash in Hash() from diff in Gen.ListOf(DiffOp()) from content in Text.OrNull() select (SessionEvent)new CodeSnapshot(id, hash, diff.ToArray(), content),
        Claude(),
        CaptureFailure(),
        from label in Text from category in Text.OrNull() select (SessionEvent)new Marker(label.Length == 0 ? "m" : label, category),
        from source in Identifier from json in Json() select (SessionEvent)new UiEvent(source, json),
        from name in Identifier from text in Text select (SessionEvent)new UnknownEvent("future_" + name, UnknownJson("future_" + name, text)));

    /// <summary>Gets a generator of whole streams: consecutive sequence numbers from zero, non-decreasing microsecond times.</summary>
    public static Gen<RecordedEvent[]> Stream { get; } = Gen.ListOf(Gen.Zip(Payload, Gen.Choose(0, 5_000_000))).Select(ToStream);

    /// <summary>Gets one random stream of exactly <paramref name="length"/> events, for example-based tests.</summary>
    /// <param name="length">The number of events.</param>
    /// <param name="seed">The random seed, so a test sees the same stream every run.</param>
    /// <returns>The stream.</returns>
    public static RecordedEvent[] SampleStream(int length, ulong seed = 42) =>
        ToStream(Gen.ListOf(Gen.Zip(Payload, Gen.Choose(0, 5_000_000)), length).Sample(20, new Rnd(seed, 7), 1)[0]);

    private static RecordedEvent[] ToStream(IReadOnlyList<(SessionEvent, int)> items)
    {
        var events = new RecordedEvent[items.Count];
        long time = 0;
        for (var i = 0; i < items.Count; i++)
        {
            time += items[i].Item2;
            var payload = items[i].Item1;
            if (payload is UnknownEvent unknown)
            {
                // An unknown record's raw JSON carries its own seq and t, as it would when read from a file.
                payload = unknown with { RawJson = unknown.RawJson.Replace("\"seq\":0,\"t\":0", $"\"seq\":{i},\"t\":{time}", StringComparison.Ordinal) };
            }

            events[i] = new RecordedEvent(i, TimeSpan.FromTicks(time * TimeSpan.TicksPerMicrosecond), payload);
        }

        return events;
    }

    /// <summary>Splits a stream into blocks of random sizes.</summary>
    /// <param name="events">The stream.</param>
    /// <param name="seed">The seed of the split.</param>
    /// <returns>The blocks, each non-empty.</returns>
    public static List<RecordedEvent[]> SplitIntoBlocks(RecordedEvent[] events, int seed)
    {
        var random = new Random(seed);
        var blocks = new List<RecordedEvent[]>();
        var position = 0;
        while (position < events.Length)
        {
            var size = Math.Min(events.Length - position, random.Next(1, 12));
            blocks.Add(events[position..(position + size)]);
            position += size;
        }

        return blocks;
    }

    private static readonly System.Text.Json.JsonSerializerOptions RelaxedJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string UnknownJson(string type, string text)
    {
        var escaped = System.Text.Json.JsonSerializer.Serialize(text, RelaxedJson);
        return "{\"seq\":0,\"t\":0,\"type\":\"" + type + "\",\"payload\":{\"note\":" + escaped + ",\"n\":[1,2.5,true,null]}}";
    }

    private static Gen<string> CharOrPair() => Gen.Frequency(
        (6, Gen.Choose(0x20, 0x7e).Select(c => ((char)c).ToString())),
        (1, Gen.Choose(0, 0x1f).Select(c => ((char)c).ToString())),
        (2, Gen.Choose(0xa0, 0xd7ff).Select(c => ((char)c).ToString())),
        (1, Gen.Choose(0x10000, 0x10ffff).Select(char.ConvertFromUtf32)));

    private static Gen<SessionEvent> Skipped() =>
        from path in Identifier
        from size in Gen.Choose(0, int.MaxValue)
        from large in Gen.Elements(false, true)
        from hash in Hash()
        from reason in Gen.Elements(FileSkipped.TooLargeReason, FileSkipped.BinaryReason, "future_reason")
        select (SessionEvent)new FileSkipped(path, large ? size * 4096L : size, hash, reason);

    private static Gen<SessionEvent> CaptureFailure() =>
        from source in Gen.OneOf(Gen.Elements("claude", "watcher", "terminal"), Identifier)
        from reason in Text
        from detail in Text.OrNull()
        select (SessionEvent)new CaptureFailed(source, OneLine(reason), detail);

    // A capture failure's reason is one line (the recorder's rule and the schema's).
    private static string OneLine(string text) => text.Replace('\r', ' ').Replace('\n', ' ') is { Length: > 0 } line ? line : "failed";

    private static Gen<string> Hash() => Gen.ArrayOf(Gen.Elements("0123456789abcdef".ToCharArray()), 64).Select(c => new string(c));

    private static Gen<TextChange> Change() =>
        from offset in Gen.Choose(0, 100_000)
        from length in Gen.Choose(0, 500)
        from text in Text
        from hasRange in Gen.Elements(true, false)
        from line in Gen.Choose(1, 5000)
        from column in Gen.Choose(1, 200)
        select new TextChange(offset, length, text, hasRange ? new TextRange(line, column, line + 1, 1) : null);

    private static Gen<LineDiffOperation> DiffOp() => Gen.OneOf(
        Gen.Choose(0, 1000).Select(LineDiffOperation.Keep),
        Gen.Choose(0, 1000).Select(LineDiffOperation.Delete),
        Gen.NonEmptyListOf(Text).Select(lines => LineDiffOperation.Insert(lines.ToArray())));

    private static Gen<string> Json() => Gen.OneOf(
        Gen.Elements("{}", "[]", "{\"type\":3,\"data\":{\"source\":2,\"x\":10}}", "[1,\"two\",{\"three\":3}]", "\"just a string\"", "42", "null", " { \"spaced\" : true } ", "{\n  \"multi\": \"line\"\n}"),
        Text.Select(t => System.Text.Json.JsonSerializer.Serialize(new { text = t })));

    private static Gen<SessionEvent> Claude() =>
        from id in Identifier
        from prompt in Text
        from response in Text
        from input in Gen.Choose(0, 100_000)
        from output in Gen.Choose(0, 100_000)
        from latencyUs in Gen.Choose(0, 60_000_000)
        from streamed in Gen.Elements(true, false)
        from conversation in Gen.ListOf(from role in Gen.Elements("user", "assistant") from content in Text select new ClaudeMessage(role, content))
        from tools in Gen.ListOf(Identifier)
        from uses in Gen.ListOf(from useId in Identifier from name in Identifier from json in Json().Where(j => j.StartsWith('{')) select new ClaudeToolUse(useId, name, json))
        from system in Text.OrNull()
        from status in Gen.Elements<int?>(null, 200, 429, 529)
        select (SessionEvent)new ClaudeInteraction(id, "claude-sonnet-4-5", prompt, response, new ClaudeUsage(input, output, input / 2, output / 3), TimeSpan.FromTicks(latencyUs * 10L))
        {
            SystemPrompt = system,
            Conversation = conversation.ToArray(),
            ToolsOffered = tools.ToArray(),
            ToolUses = uses.ToArray(),
            StopReason = streamed ? "end_turn" : null,
            TimeToFirstToken = streamed ? TimeSpan.FromTicks(latencyUs / 2 * 10L) : null,
            MaxTokens = streamed ? 1024 : null,
            Streamed = streamed,
            HttpStatus = status,
            Error = status == 429 ? "rate_limit_error: slow down" : null,
            Incomplete = status == 529,
        };
}
