using System.CommandLine;
using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Cli.Commands;

/// <summary><c>ilmrec import ZIP --out DIR</c>: unpacks a session exported with <c>export --format zip</c>.</summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var zip = new Argument<FileInfo>("ZIP") { Description = "The session ZIP." };
        var output = new Option<DirectoryInfo>("--out") { Description = "The session directory to create.", Required = true };
        var command = new Command("import", "Imports a session ZIP (from export --format zip) into a session directory.") { zip, output };
        command.SetHandler(async (parseResult, cancellationToken) =>
        {
            var objects = SessionZip.Import(parseResult.GetValue(zip)!.FullName, parseResult.GetValue(output)!.FullName);
            var session = await StoredSession.OpenAsync(objects, CliCodecs.All, cancellationToken).ConfigureAwait(false);
            Console.Error.WriteLine($"imported {session.Metadata?.SessionId ?? "a session"} into {session.Location} ({session.Codec.Name}); try: ilmrec verify {session.Location}");
            return 0;
        });
        return command;
    }
}
