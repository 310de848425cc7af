using System.CommandLine;
using InterviewLM.Recording.Diff;

namespace InterviewLM.Recording.Cli.Commands;

/// <summary><c>ilmrec demo --out DIR</c>: records a scripted sample session through the public API.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "The session directory to create.", Required = true };
        var codec = new Option<string>("--codec") { Description = "The events codec: jsonl-gz (default) or jsonl.", DefaultValueFactory = _ => "jsonl-gz" };
        var live = new Option<bool>("--live") { Description = "Record on the real clock, waiting between steps, as a real session would." };
        var speed = new Option<double>("--speed") { Description = "With --live, how many times faster than the script's timing.", DefaultValueFactory = _ => 1.0 };
        var command = new Command("demo", "Records a scripted sample session (two files typed, terminal, two Claude calls, markers) so you can see a whole session at once.")
        {
            output, codec, live, speed,
        };
        command.SetHandler(async (parseResult, cancellationToken) =>
        {
            var target = parseResult.GetValue(output)!.FullName;
            var isLive = parseResult.GetValue(live);
            var factor = parseResult.GetValue(speed);
            if (factor <= 0 || double.IsNaN(factor))
            {
                throw new ArgumentException("--speed must be positive.");
            }

            // Without --live the script's own timing drives a manual clock, so the session looks real but records at once.
            var clock = isLive ? TimeProvider.System : new ManualTimeProvider(TimeProvider.System.GetUtcNow());
            var storage = CliStore.CreateStorage(parseResult.GetValue(codec)!, clock);
            storage.AssessmentId = "assess_demo";
            storage.CandidateId = "cand_demo";
            storage.Environment["shell"] = "bash";
            storage.Environment["python"] = "3.12";
            var recorder = await CliStore.StartAsync(target, storage, new SessionRecorderOptions { SessionId = "sess_demo", TimeProvider = clock }, cancellationToken).ConfigureAwait(false);
            await using (recorder.ConfigureAwait(false))
            {
                await RecordScriptAsync(recorder, clock, factor, cancellationToken).ConfigureAwait(false);
            }

            Console.Error.WriteLine($"recorded a demo session in {target}; try: ilmrec info {target}");
            return 0;
        });
        return command;
    }

    /// <summary>Records the demo script into <paramref name="recorder"/> and completes it: on a <see cref="ManualTimeProvider"/> the script's timing moves the clock, otherwise it waits (divided by <paramref name="factor"/>).</summary>
    internal static async Task RecordScriptAsync(SessionRecorder recorder, TimeProvider clock, double factor, CancellationToken cancellationToken)
    {
        using var tracker = new CodeTracker(recorder, new CodeTrackerOptions { TimeProvider = clock });
        foreach (var (delay, value) in DemoScript.Steps())
        {
            if (clock is ManualTimeProvider manual)
            {
                manual.Advance(delay);
            }
            else
            {
                await Task.Delay(delay / factor, cancellationToken).ConfigureAwait(false);
            }

            switch (value)
            {
                case FileCreated created:
                    tracker.CreateFile(created.FileId, created.Path, created.Language, created.InitialContent);
                    break;
                case TextEdited edited:
                    tracker.Edit(edited.FileId, edited.Changes);
                    break;
                default:
                    recorder.Record(value);
                    break;
            }
        }

        tracker.Complete();
        await recorder.CompleteAsync("completed", cancellationToken).ConfigureAwait(false);
    }
}
