using System.CommandLine;
using System.Text.Json;
using InterviewLM.Recording.Storage;
using Spectre.Console;

namespace InterviewLM.Recording.Cli.Commands;

/// <summary><c>ilmrec info DIR [--json]</c>: duration, counts per channel, codec, sizes.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var directory = new Argument<string>("SESSION") { Description = "The session directory or session ZIP." };
        var json = new Option<bool>("--json") { Description = "Print machine-readable JSON." };
        var command = new Command("info", "Summarizes a recorded session: duration, events per channel, codec and sizes.") { directory, json };
        command.SetHandler(async (parseResult, cancellationToken) =>
        {
            var session = await CliStore.OpenAsync(parseResult.GetValue(directory)!, cancellationToken).ConfigureAwait(false);
            var statistics = new SessionSummary(); // the one fold of the counters (the storage sink's, the index's, SessionState's)
            var damage = new List<BlockDamage>();
            var length = await session.GetEventsLengthAsync(cancellationToken).ConfigureAwait(false);
            var keyframes = 0;
            var blocks = await CommandRunner.WithProgressAsync("Reading events", async progress =>
            {
                var count = 0;
                await foreach (var result in session.ReadBlocksAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (result.Damage is { } d)
                    {
                        damage.Add(d);
                        continue;
                    }

                    if (result.Block is null)
                    {
                        keyframes++; // state, not events
                        continue;
                    }

                    count++;
                    foreach (var recorded in result.Block.Events)
                    {
                        statistics.Apply(recorded);
                    }

                    progress((result.Block.Location.Offset + result.Block.Location.Length) / (double)Math.Max(1, length));
                }

                return count;
            }).ConfigureAwait(false);

            var info = new
            {
                path = session.Location,
                sessionId = statistics.SessionId ?? session.Metadata?.SessionId,
                status = (session.Metadata?.Status ?? SessionStatus.Active).ToString().ToLowerInvariant(),
                finalized = statistics.EndReason is not null,
                codec = session.Codec.Name,
                durationSeconds = statistics.Duration.TotalSeconds,
                events = statistics.EventCount,
                blocks,
                keyframes,
                channels = Enum.GetValues<EventChannel>().Where(c => statistics.CountOf(c) > 0)
                    .ToDictionary(c => c.ToString().ToLowerInvariant(), statistics.CountOf),
                types = statistics.PerType.OrderBy(t => t.Key, StringComparer.Ordinal).ToDictionary(t => t.Key, t => t.Value),
                files = statistics.BuildFiles().Keys.Order(StringComparer.Ordinal).ToArray(),
                claudeInteractions = statistics.ClaudeInteractions,
                keystrokes = statistics.Keystrokes,
                captureFailures = statistics.CaptureFailures,
                captureFailuresBySource = statistics.CaptureFailuresBySource.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal),
                eventsFileBytes = length,
                totalBytes = await session.GetTotalSizeAsync(cancellationToken).ConfigureAwait(false),
                damage = damage.Select(d => d.ToString()).ToArray(),
            };

            if (parseResult.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(info, CliJson.Options));
                return 0;
            }

            var table = new Table().HideHeaders().AddColumn("").AddColumn("");
            table.AddRow("session", Markup.Escape(info.sessionId ?? "?"));
            table.AddRow("status", info.status + (info.finalized ? "" : " (not finalized)"));
            table.AddRow("codec", info.codec);
            table.AddRow("duration", TimeSpan.FromSeconds(Math.Round(info.durationSeconds)).ToString());
            table.AddRow("events", $"{info.events:N0} in {info.blocks:N0} blocks, {info.keyframes:N0} keyframe{(info.keyframes == 1 ? string.Empty : "s")}");
            table.AddRow("channels", string.Join(", ", info.channels.Select(c => $"{c.Key} {c.Value:N0}")));
            table.AddRow("files", Markup.Escape(string.Join(", ", info.files)));
            table.AddRow("claude", $"{info.claudeInteractions} interactions");
            table.AddRow("keystrokes", $"{info.keystrokes:N0}");
            table.AddRow(info.captureFailures == 0 ? "capture failures" : "[yellow]capture failures[/]", FormatCaptureFailures(info.captureFailures, info.captureFailuresBySource));
            table.AddRow("size", $"events {info.eventsFileBytes:N0} B, session {info.totalBytes:N0} B");
            foreach (var d in info.damage)
            {
                table.AddRow("[red]damage[/]", Markup.Escape(d));
            }

            CommandRunner.Human.Write(table);
            return 0;
        });
        return command;
    }

    // "none", or "3 (claude 2, watcher 1)": what the recording lacks, by the capture that could not record it.
    private static string FormatCaptureFailures(long total, Dictionary<string, long> bySource) =>
        total == 0 ? "none" : Markup.Escape($"{total:N0} ({string.Join(", ", bySource.Select(f => $"{f.Key} {f.Value:N0}"))})");
}
