using System.CommandLine;
using System.Text.Json;
using InterviewLM.Recording.Storage;
using Spectre.Console;

namespace InterviewLM.Recording.Cli.Commands;

/// <summary><c>ilmrec verify DIR [--json]</c>: exit 0 when intact, otherwise 1 and the exact block and offset of every problem.</summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var directory = new Argument<string>("SESSION") { Description = "The session directory or session ZIP." };
        var json = new Option<bool>("--json") { Description = "Print machine-readable JSON." };
        var command = new Command("verify", "Checks every block's checksum, the event sequence, the metadata and the index; exits non-zero when damaged.") { directory, json };
        command.SetHandler(async (parseResult, cancellationToken) =>
        {
            var session = await CliStore.OpenAsync(parseResult.GetValue(directory)!, cancellationToken).ConfigureAwait(false);
            var result = await CommandRunner.WithProgressAsync("Verifying", async _ => await Replay.SessionVerifier.VerifyAsync(session, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            if (parseResult.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(new
                {
                    intact = result.IsIntact,
                    codec = session.Codec.Name,
                    blocks = result.BlockCount,
                    events = result.EventCount,
                    eventsFileBytes = result.EventsFileLength,
                    captureFailures = result.CaptureFailures, // what a capture could not record: not damage, so intact may still be true
                    problems = result.Problems.Select(p => new { kind = p.Kind, block = p.BlockIndex, offset = p.Offset, detail = p.Detail }),
                }, CliJson.Options));
            }
            else if (result.IsIntact)
            {
                CommandRunner.Human.MarkupLine($"[green]intact[/]: {result.EventCount:N0} events in {result.BlockCount:N0} blocks, {result.KeyframeCount:N0} keyframe{(result.KeyframeCount == 1 ? string.Empty : "s")} ({session.Codec.Name}, {result.EventsFileLength:N0} bytes)");
                WriteCaptureFailures(result.CaptureFailures);
            }
            else
            {
                CommandRunner.Human.MarkupLine($"[red]damaged[/]: {result.EventCount:N0} events recovered from {result.BlockCount:N0} whole blocks");
                foreach (var problem in result.Problems)
                {
                    CommandRunner.Human.WriteLine($"  {problem.Kind}: {problem.Detail}");
                }

                WriteCaptureFailures(result.CaptureFailures);
            }

            return result.IsIntact ? 0 : 1;
        });
        return command;
    }

    private static void WriteCaptureFailures(long count)
    {
        if (count > 0)
        {
            CommandRunner.Human.MarkupLine($"[yellow]{count:N0} capture failure{(count == 1 ? string.Empty : "s")}[/]: the recording says what it lacks (ilmrec info shows them by source)");
        }
    }
}
