namespace InterviewLM.Recording.Cli.Commands;

/// <summary>A scripted interview: a candidate writes a function and its test, runs the tests, asks Claude twice, fixes a bug.</summary>
/// <remarks>Timings come from a seeded random source so every demo is the same session.</remarks>
internal static class DemoScript
{
    private const string MainFile = "f_main";
    private const string TestFile = "f_test";

    private const string MainContent =
        "def fizzbuzz(n: int) -> str:\n" +
        "    if n % 15 == 0:\n" +
        "        return \"FizzBuzz\"\n" +
        "    if n % 3 == 0:\n" +
        "        return \"Fizz\"\n" +
        "    if n % 5 == 0:\n" +
        "        return \"Buzz\"\n" +
        "    return str(n)\n";

    private const string TestContent =
        "from main import fizzbuzz\n\n" +
        "def test_numbers():\n" +
        "    assert fizzbuzz(1) == \"1\"\n\n" +
        "def test_multiples():\n" +
        "    assert fizzbuzz(9) == \"Fizz\"\n" +
        "    assert fizzbuzz(30) == \"FizzBuzz\"\n";

    /// <summary>Gets the steps: how long to wait since the previous step, then what to record.</summary>
    public static IEnumerable<(TimeSpan Delay, SessionEvent Event)> Steps()
    {
#pragma warning disable CA5394 // Not security: a fixed seed makes the demo reproducible.
        var random = new Random(20261125);
        TimeSpan Ms(int min, int max) => TimeSpan.FromMilliseconds(random.Next(min, max));

        yield return (Ms(300, 600), new TerminalStarted(100, 30, "bash", "xterm-256color"));
        yield return (Ms(50, 100), new TerminalOutput("\u001b[1;32mcandidate@interview\u001b[0m:\u001b[1;34m~/fizzbuzz\u001b[0m$ "));
        yield return (Ms(800, 1500), new FileCreated(MainFile, "main.py", "python"));
        foreach (var step in Type(MainFile, string.Empty, MainContent, random))
        {
            yield return step;
        }

        yield return (Ms(1500, 2500), new FileCreated(TestFile, "test_main.py", "python"));
        foreach (var step in Type(TestFile, string.Empty, TestContent, random))
        {
            yield return step;
        }

        foreach (var key in "python -m pytest -q\r")
        {
            yield return (Ms(60, 180), new TerminalInput(key.ToString()));
        }

        yield return (Ms(20, 40), new TerminalOutput("python -m pytest -q\r\n"));
        yield return (Ms(700, 1200), new TerminalOutput("\u001b[32m.\u001b[0m\u001b[31mF\u001b[0m                                                     [100%]\r\n"));
        yield return (Ms(30, 60), new TerminalOutput("\u001b[31mFAILED\u001b[0m test_main.py::test_multiples - AssertionError: assert 'Fizz' == 'FizzBuzz'\r\n\u001b[31m1 failed\u001b[0m, \u001b[32m1 passed\u001b[0m in 0.03s\r\n"));
        yield return (Ms(20, 40), new TerminalOutput("\u001b[1;32mcandidate@interview\u001b[0m:\u001b[1;34m~/fizzbuzz\u001b[0m$ "));
        yield return (Ms(4000, 8000), new ClaudeInteraction(
            "msg_demo_01",
            "claude-sonnet-4-5",
            "My test says fizzbuzz(30) returns 'Fizz'. Why?",
            "Look at the order of your checks: 30 is divisible by 3, so if the `% 3` branch runs before the `% 15` branch you return \"Fizz\". Check 15 first.",
            new ClaudeUsage(412, 61, 0, 0),
            TimeSpan.FromMilliseconds(2310))
        {
            SystemPrompt = "You are a helpful coding assistant in a technical interview.",
            Conversation = new[] { new ClaudeMessage("user", "My test says fizzbuzz(30) returns 'Fizz'. Why?") },
            StopReason = "end_turn",
            TimeToFirstToken = TimeSpan.FromMilliseconds(420),
            MaxTokens = 1024,
            Streamed = true,
            HttpStatus = 200,
        });
        yield return (Ms(3000, 5000), new Marker("read Claude's explanation", "review"));
        yield return (Ms(5000, 9000), new ClaudeInteraction(
            "msg_demo_02",
            "claude-sonnet-4-5",
            "Run the tests again please.",
            "Running the test suite.",
            new ClaudeUsage(520, 38, 0, 412),
            TimeSpan.FromMilliseconds(1180))
        {
            Conversation = new[]
            {
                new ClaudeMessage("user", "My test says fizzbuzz(30) returns 'Fizz'. Why?"),
                new ClaudeMessage("assistant", "Look at the order of your checks…"),
                new ClaudeMessage("user", "Run the tests again please."),
            },
            ToolsOffered = new[] { "run_tests" },
            ToolUses = new[] { new ClaudeToolUse("toolu_demo_01", "run_tests", "{\"path\":\"test_main.py\"}") },
            StopReason = "tool_use",
            MaxTokens = 1024,
            HttpStatus = 200,
        });
        foreach (var key in "python -m pytest -q\r")
        {
            yield return (Ms(50, 150), new TerminalInput(key.ToString()));
        }

        yield return (Ms(20, 40), new TerminalOutput("python -m pytest -q\r\n\u001b[32m..\u001b[0m                                                     [100%]\r\n\u001b[32m2 passed\u001b[0m in 0.02s\r\n"));
        yield return (Ms(100, 300), new Marker("tests pass", "milestone"));
        yield return (Ms(400, 800), new TerminalOutput("\u001b[1;32mcandidate@interview\u001b[0m:\u001b[1;34m~/fizzbuzz\u001b[0m$ "));
#pragma warning restore CA5394
    }

    // Types text at the end of the document one character at a time, with an occasional typo fixed by backspace.
    private static IEnumerable<(TimeSpan, SessionEvent)> Type(string fileId, string initial, string text, Random random)
    {
        var document = initial;
#pragma warning disable CA5394
        foreach (var character in text)
        {
            if (char.IsLetter(character) && random.Next(40) == 0)
            {
                yield return (TimeSpan.FromMilliseconds(random.Next(70, 220)), Insert(fileId, ref document, "x"));
                yield return (TimeSpan.FromMilliseconds(random.Next(250, 500)), Backspace(fileId, ref document));
            }

            var pause = character == '\n' ? random.Next(400, 1400) : random.Next(60, 240);
            yield return (TimeSpan.FromMilliseconds(pause), Insert(fileId, ref document, character.ToString()));
        }
#pragma warning restore CA5394
    }

    private static TextEdited Insert(string fileId, ref string document, string text)
    {
        var (line, column) = EndPosition(document);
        var change = new TextChange(document.Length, 0, text, new TextRange(line, column, line, column));
        document += text;
        return new TextEdited(fileId, new[] { change });
    }

    private static TextEdited Backspace(string fileId, ref string document)
    {
        var (line, column) = EndPosition(document);
        var change = new TextChange(document.Length - 1, 1, string.Empty, new TextRange(line, column - 1, line, column));
        document = document[..^1];
        return new TextEdited(fileId, new[] { change });
    }

    private static (int Line, int Column) EndPosition(string document)
    {
        var lastNewline = document.LastIndexOf('\n');
        var line = document.AsSpan().Count('\n') + 1;
        return (line, document.Length - lastNewline);
    }
}
