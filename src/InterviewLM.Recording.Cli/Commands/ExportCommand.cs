using System.CommandLine;
using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Cli.Commands;

/// <summary><c>ilmrec export DIR --format F --out PATH</c>: writes the session's events in another format.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var directory = new Argument<DirectoryInfo>("DIR") { Description = "The session directory." };
        var format = new Option<string>("--format") { Description = "The output format: zip (the whole session directory), jsonl, jsonl-gz, " + AsciicastExport.FormatNames + " (the terminal channel).", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "The output file.", Required = true };
        var command = new Command("export", "Exports a session's event stream in another format.") { directory, format, output };
        command.SetHandler(async (parseResult, cancellationToken) =>
        {
            var session = SessionDirectory.Open(parseResult.GetValue(directory)!.FullName, CliCodecs.All);
            if (AsciicastExport.TryGetVersion(parseResult.GetValue(format)!, out var castVersion))
            {
                return await AsciicastExport.RunAsync(session, castVersion, parseResult.GetValue(output)!, cancellationToken).ConfigureAwait(false);
            }

            if (string.Equals(parseResult.GetValue(format), "zip", StringComparison.OrdinalIgnoreCase))
            {
                var files = await SessionZip.ExportAsync(session, parseResult.GetValue(output)!.FullName, cancellationToken).ConfigureAwait(false);
                Console.Error.WriteLine($"exported {files} files to {parseResult.GetValue(output)!.FullName} (zip)");
                return 0;
            }

            var codec = CliCodecs.All.Get(parseResult.GetValue(format)!);
            var target = parseResult.GetValue(output)!;
            var length = new FileInfo(session.EventsPath).Length;
            var (events, damaged) = await CommandRunner.WithProgressAsync("Exporting", async progress =>
            {
                var stream = new FileStream(target.FullName, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous);
                await using (stream.ConfigureAwait(false))
                {
                    var writer = codec.CreateWriter(stream);
                    await using (writer.ConfigureAwait(false))
                    {
                        long count = 0;
                        var damage = 0;
                        await foreach (var result in session.ReadBlocksAsync(cancellationToken).ConfigureAwait(false))
                        {
                            if (result.Keyframe is { } keyframe)
                            {
                                await writer.WriteKeyframeAsync(keyframe.Location.FirstSequence, keyframe.Location.FirstTime, keyframe.State, cancellationToken).ConfigureAwait(false);
                                continue;
                            }

                            if (result.Block is not { } block)
                            {
                                damage++;
                                continue;
                            }

                            await writer.WriteBlockAsync(block.Events.ToArray(), cancellationToken).ConfigureAwait(false);
                            count += block.Events.Count;
                            progress((block.Location.Offset + block.Location.Length) / (double)Math.Max(1, length));
                        }

                        await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
                        return (count, damage);
                    }
                }
            }).ConfigureAwait(false);

            Console.Error.WriteLine($"exported {events:N0} events to {target.FullName} ({codec.Name}){(damaged > 0 ? $"; {damaged} damaged parts skipped (run ilmrec verify)" : string.Empty)}");
            return damaged > 0 ? 1 : 0;
        });
        return command;
    }
}
