using System.CommandLine;
using InterviewLM.Recording.Terminal;

namespace InterviewLM.Recording.Cli.Commands;

/// <summary><c>ilmrec import-cast CAST --out DIR</c>: stores an asciicast (v1, v2 or v3) as a session.</summary>
internal static class ImportCastCommand
{
    public static Command Create()
    {
        var cast = new Argument<FileInfo>("CAST") { Description = "The asciicast file (v1, v2 or v3)." };
        var output = new Option<DirectoryInfo>("--out") { Description = "The session directory to create.", Required = true };
        var codec = new Option<string>("--codec") { Description = "The events codec: jsonl-gz (default) or jsonl.", DefaultValueFactory = _ => "jsonl-gz" };
        var command = new Command("import-cast", "Imports an asciicast recording as a session, keeping its timing.") { cast, output, codec };
        command.SetHandler(async (parseResult, cancellationToken) =>
        {
            var source = parseResult.GetValue(cast)!;
            var target = parseResult.GetValue(output)!.FullName;
            var (count, version) = await ImportAsync(source, target, parseResult.GetValue(codec)!, cancellationToken).ConfigureAwait(false);
            Console.Error.WriteLine($"imported {count:N0} events from {source.FullName} (asciicast v{version}) into {target}");
            return 0;
        });
        return command;
    }

    /// <summary>Stores an asciicast as a session at <paramref name="target"/>: the cast's times are the session's times (its start is the cast's start), so exporting the session gives them back.</summary>
    /// <returns>The number of events recorded and the cast's format version.</returns>
    internal static async Task<(long Count, int Version)> ImportAsync(FileInfo source, string target, string codecName, CancellationToken cancellationToken)
    {
        var reader = await AsciicastReader.OpenAsync(source.OpenRead(), cancellationToken: cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            // The session's clock is the recording's: it starts at the cast's timestamp (or, lacking one, the file's
            // last write) and moves with its events, so cast time t is session time t.
            var clock = new ManualTimeProvider(reader.Header.Timestamp ?? new DateTimeOffset(source.LastWriteTimeUtc, TimeSpan.Zero));
            var recorder = await CliStore.StartAsync(
                target,
                CliStore.CreateStorage(codecName, clock),
                new SessionRecorderOptions { TimeProvider = clock, FlushInterval = TimeSpan.FromDays(1) },
                cancellationToken).ConfigureAwait(false);
            long count = 0;
            await using (recorder.ConfigureAwait(false))
            {
                await foreach (var e in AsciicastConverter.ToSessionEventsAsync(reader.Header, reader.ReadEventsAsync(cancellationToken), cancellationToken).ConfigureAwait(false))
                {
                    clock.MoveTo(e.Time);
                    recorder.Record(e.Event, e.Time);
                    count++;
                }

                await recorder.CompleteAsync("imported", cancellationToken).ConfigureAwait(false);
            }

            return (count, reader.Header.Version);
        }
    }
}
