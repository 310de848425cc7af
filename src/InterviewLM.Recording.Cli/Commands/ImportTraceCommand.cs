using System.CommandLine;
using InterviewLM.Recording.Diff;
using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Cli.Commands;

/// <summary><c>ilmrec import-trace TRACE.json.gz --out DIR [--codec C] [--idle-limit S] [--snapshots]</c>: a real editing trace as a recorded session.</summary>
internal static class ImportTraceCommand
{
    public static Command Create()
    {
        var trace = new Argument<FileInfo>("TRACE") { Description = "The editing trace (.json.gz or .json, josephg/editing-traces sequential format)." };
        var output = new Option<DirectoryInfo>("--out") { Description = "The session directory to create.", Required = true };
        var codec = new Option<string>("--codec") { Description = "The events codec: jsonl-gz (default) or jsonl.", DefaultValueFactory = _ => "jsonl-gz" };
        var idleLimit = new Option<double?>("--idle-limit") { Description = "Shorten pauses longer than S seconds to S (as asciinema's idle_time_limit); no limit by default." };
        var snapshots = new Option<bool>("--snapshots") { Description = "Also record code snapshots on the trace's timeline (diff every 5 s of activity, full content every 30 s)." };
        var command = new Command("import-trace", "Imports an editing trace as a session: one file named after the trace, one text edit per patch, at the trace's times.")
        {
            trace, output, codec, idleLimit, snapshots,
        };
        command.SetHandler(async (parseResult, cancellationToken) =>
        {
            var limit = parseResult.GetValue(idleLimit);
            if (limit is { } l && (l < 0 || !double.IsFinite(l)))
            {
                throw new ArgumentException("--idle-limit must be a non-negative number of seconds.");
            }

            var (count, target, name) = await ImportAsync(
                parseResult.GetValue(trace)!.FullName,
                parseResult.GetValue(output)!.FullName,
                parseResult.GetValue(codec)!,
                limit is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
                parseResult.GetValue(snapshots),
                cancellationToken).ConfigureAwait(false);
            Console.Error.WriteLine($"imported {name} ({count:N0} events) into {target}; try: ilmrec files {target} --at end");
            return 0;
        });
        return command;
    }

    internal static async Task<(long Events, string Directory, string Name)> ImportAsync(string tracePath, string target, string codecName, TimeSpan? idleLimit, bool snapshots, CancellationToken cancellationToken)
    {
        var editingTrace = EditingTrace.Load(tracePath);
        var storage = CliStore.CreateStorage(codecName);
        storage.Environment["source"] = "editing-trace:" + editingTrace.Name;
        var sink = await CliStore.CreateAsync(target, storage, cancellationToken).ConfigureAwait(false);
        await using (sink.ConfigureAwait(false))
        {
            var count = await EditingTraceImporter.ImportAsync(editingTrace, sink, new EditingTraceImportOptions { IdleLimit = idleLimit, Snapshots = snapshots }, cancellationToken).ConfigureAwait(false);
            return (count, target, editingTrace.Name);
        }
    }
}
