using System.CommandLine;
using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Cli.Commands;

/// <summary><c>ilmrec export SESSION --format F --out PATH</c>: writes the session's events in another format.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var directory = new Argument<string>("SESSION") { Description = "The session directory or session ZIP." };
        var format = new Option<string>("--format") { Description = "The output format: zip (the whole session), jsonl, jsonl-gz, protobuf-brotli (the events file), " + AsciicastExport.FormatNames + " (the terminal channel).", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "The output file; - for standard output (not for zip).", Required = true };
        var command = new Command("export", "Exports a session's event stream in another format.") { directory, format, output };
        command.SetHandler(async (parseResult, cancellationToken) =>
        {
            var session = await CliStore.OpenAsync(parseResult.GetValue(directory)!, cancellationToken).ConfigureAwait(false);
            var target = parseResult.GetValue(output)!;
            if (AsciicastExport.TryGetVersion(parseResult.GetValue(format)!, out var castVersion))
            {
                return await AsciicastExport.RunAsync(session, castVersion, target, cancellationToken).ConfigureAwait(false);
            }

            if (string.Equals(parseResult.GetValue(format), "zip", StringComparison.OrdinalIgnoreCase))
            {
                var files = await SessionZip.ExportAsync(session.Objects, target.FullName, cancellationToken).ConfigureAwait(false);
                Console.Error.WriteLine($"exported {files} files to {target.FullName} (zip)");
                return 0;
            }

            var codec = CliCodecs.All.Get(parseResult.GetValue(format)!);
            var path = IsStandardOutput(target) ? StandardOutput : target.FullName;
            var result = path == StandardOutput
                ? await ExportEventsAsync(session, codec, path, cancellationToken).ConfigureAwait(false) // no progress bar among the output
                : await CommandRunner.WithProgressAsync("Exporting", _ => ExportEventsAsync(session, codec, path, cancellationToken)).ConfigureAwait(false);
            Console.Error.WriteLine($"exported {result.Events:N0} events to {(path == StandardOutput ? "standard output" : path)} ({codec.Name}){(result.DamagedParts > 0 ? $"; {result.DamagedParts} damaged parts skipped (run ilmrec verify)" : string.Empty)}");
            return result.DamagedParts > 0 ? 1 : 0;
        });
        return command;
    }

    /// <summary>The <c>--out</c> value that means standard output.</summary>
    internal const string StandardOutput = "-";

    /// <summary>Gets a value indicating whether <c>--out</c> was given as <c>-</c>, standard output.</summary>
    internal static bool IsStandardOutput(FileInfo target) => target.ToString() == StandardOutput;

    /// <summary>Writes the session's events file in <paramref name="codec"/>, keyframes carried and damage skipped, through the one transcode loop.</summary>
    /// <remarks>The copy is stored as a session in a sibling directory (the storage sink writes sessions; for standard output, a temporary one), whose events object is then copied to the output file.</remarks>
    internal static async Task<SessionTranscodeResult> ExportEventsAsync(StoredSession session, IEventCodec codec, string target, CancellationToken cancellationToken)
    {
        var building = target == StandardOutput
            ? Path.Combine(Path.GetTempPath(), "ilmrec-export-" + Guid.NewGuid().ToString("N"))
            : Path.GetFullPath(target) + ".exporting";
        if (Directory.Exists(building))
        {
            Directory.Delete(building, recursive: true);
        }

        try
        {
            var objects = DirectorySessionObjects.Create(building);
            SessionTranscodeResult result;
            var sink = await SessionStorageSink.CreateAsync(objects, new SessionStorageOptions { Codec = codec }, cancellationToken).ConfigureAwait(false);
            await using (sink.ConfigureAwait(false))
            {
                result = await SessionTranscoder.CopyAsync(session, sink, new SessionTranscodeOptions { SkipDamage = true, CarryKeyframes = true }, cancellationToken).ConfigureAwait(false);
            }

            var input = await objects.OpenReadAsync(codec.FileName, 0, null, cancellationToken).ConfigureAwait(false);
            await using (input.ConfigureAwait(false))
            {
                var output = target == StandardOutput
                    ? Console.OpenStandardOutput()
                    : new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous);
                await using (output.ConfigureAwait(false))
                {
                    await input.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
                }
            }

            return result;
        }
        finally
        {
            Directory.Delete(building, recursive: true);
        }
    }
}
