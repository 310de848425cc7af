using InterviewLM.Recording.Claude;
using InterviewLM.Recording.Diff;
using InterviewLM.Recording.Replay;
using InterviewLM.Recording.Storage;
using InterviewLM.Recording.Terminal;
using InterviewLM.Recording.Testing;
using Microsoft.Extensions.Time.Testing;

namespace InterviewLM.Recording.Conformance.Tests;

/// <summary>The session every conformance case records through the default pipeline: terminal, code and Claude over 20 minutes, so the default policy places keyframes.</summary>
internal static class ConformanceSession
{
    public static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    public static readonly TimeSpan Step = TimeSpan.FromSeconds(4);

    public const int Steps = 300;

    /// <summary>Gets the projection objects the default pipeline writes, besides metadata, events and index.</summary>
    public static IReadOnlyList<ISessionProjection> NewProjections() => [new CodeProjections(), new ClaudeInteractionsProjection(), new TerminalCastProjection()];

    public static IEnumerable<SessionEvent> Events()
    {
        yield return new TerminalStarted(80, 24, "bash", "xterm-256color");
        yield return new FileCreated("f1", "main.py", "python");
        var contents = new Dictionary<string, string>(StringComparer.Ordinal) { ["f1"] = string.Empty };
        for (var k = 0; k < Steps; k++)
        {
            var file = k >= 100 && k % 2 == 0 ? "f2" : "f1";
            if (k == 100)
            {
                contents["f2"] = "x = 1\n";
                yield return new FileCreated("f2", "util.py", "python", contents["f2"]);
                continue;
            }

            switch (k % 5)
            {
                case 0:
                    yield return new TerminalOutput($"$ step {k}\r\n\u001b[32moutput\u001b[0m {k}\r\n");
                    break;
                case 1:
                case 4 when k % 20 != 4:
                    var text = $"line {k}\n";
                    contents[file] = text + contents[file];
                    yield return new TextEdited(file, new[] { new TextChange(0, 0, text, new TextRange(1, 1, 1, 1)) });
                    break;
                case 2:
                    yield return new TerminalInput($"echo {k}\r");
                    break;
                case 3 when k % 25 == 3:
                    yield return new ClaudeInteraction($"msg_{k}", "claude-sonnet-4-5", $"question {k}", $"answer {k}", new ClaudeUsage(10 + k, 5, 1, 2), TimeSpan.FromMilliseconds(900))
                    {
                        StopReason = "end_turn",
                        TimeToFirstToken = TimeSpan.FromMilliseconds(120),
                        HttpStatus = 200,
                    };
                    break;
                case 3 when k % 50 == 13:
                    yield return new Marker($"marker {k}");
                    break;
                case 3:
                    yield return new TerminalResized(80 + (k % 7), 24);
                    break;
                default:
                    yield return new CodeSnapshot(file, ContentHasher.Hash(contents[file]), EquatableArray<LineDiffOperation>.Empty, contents[file]);
                    break;
            }
        }
    }

    /// <summary>Records <see cref="Events"/> into a new session of <paramref name="store"/> through <see cref="InterviewRecording.StartAsync"/> and completes it.</summary>
    public static async Task RecordAsync(ISessionStore store, string sessionId)
    {
        var clock = new FakeTimeProvider(Start);
        var recorder = await InterviewRecording.StartAsync(
            store,
            new SessionRecorderOptions { SessionId = sessionId, TimeProvider = clock, MaxBlockEvents = 16, FlushInterval = TimeSpan.FromHours(1) },
            new SessionStorageOptions { TimeProvider = clock, CandidateId = "cand_conformance" });
        await using (recorder)
        {
            foreach (var value in Events())
            {
                clock.Advance(Step);
                recorder.Record(value);
            }

            await recorder.CompleteAsync();
        }
    }

    /// <summary>Folds <paramref name="events"/> up to and including <paramref name="at"/>: the reference every seek is compared with.</summary>
    public static SessionState FoldTo(IEnumerable<RecordedEvent> events, TimeSpan at)
    {
        var state = new SessionState();
        foreach (var recorded in events.TakeWhile(e => e.Time <= at))
        {
            state.Apply(recorded);
        }

        return state;
    }

    /// <summary>Describes a state through its public API, so two states compare as text.</summary>
    public static string Describe(SessionState state)
    {
        var lines = new List<string>
        {
            $"events {state.EventCount}, last {state.LastSequence}, time {state.Time}, ended {state.Ended}",
            $"problems {state.ProblemCount}: {string.Join(" | ", state.Problems)}",
            $"interactions {string.Join(",", state.Interactions.Select(e => e.Sequence))}",
            $"markers {string.Join(",", state.Markers.Select(e => e.Sequence))}",
            $"channels {string.Join(",", Enum.GetValues<EventChannel>().Select(c => $"{c}={state.CountOf(c)}"))}",
        };
        lines.AddRange(state.Workspace.Files.Select(f => $"file {f.FileId} {f.Path} {f.SnapshotHash}: {f.GetContent()}"));
        lines.Add("screen " + state.Terminal?.GetScreenText().ToJson());
        return string.Join("\n", lines);
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

    public static InMemorySessionObjects NewMemory(string name) => new("memory:" + name);
}
