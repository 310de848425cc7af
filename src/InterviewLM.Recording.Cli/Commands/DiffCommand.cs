using System.CommandLine;
using System.Text;
using InterviewLM.Recording.Diff;
using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Cli.Commands;

/// <summary><c>ilmrec diff DIR --from T1 --to T2</c>: a unified diff of the session's files between two moments.</summary>
internal static class DiffCommand
{
    public static Command Create()
    {
        var directory = new Argument<string>("SESSION") { Description = "The session directory or session ZIP." };
        var from = new Option<string>("--from") { Description = "Seconds from session start, or 'end'.", Required = true };
        var to = new Option<string>("--to") { Description = "Seconds from session start, or 'end'.", Required = true };
        var command = new Command("diff", "Prints a unified diff (git apply / patch -p1 compatible) of the files between two moments.") { directory, from, to };
        command.SetHandler(async (parseResult, cancellationToken) =>
        {
            var session = await CliStore.OpenAsync(parseResult.GetValue(directory)!, cancellationToken).ConfigureAwait(false);
            var text = await RenderAsync(session, SessionTime.Parse(parseResult.GetValue(from)!, "--from"), SessionTime.Parse(parseResult.GetValue(to)!, "--to"), cancellationToken).ConfigureAwait(false);
            var stdout = Console.OpenStandardOutput();
            await using (stdout.ConfigureAwait(false))
            {
                await stdout.WriteAsync(new UTF8Encoding(false).GetBytes(text), cancellationToken).ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }

    internal static async Task<string> RenderAsync(StoredSession session, TimeSpan from, TimeSpan to, CancellationToken cancellationToken)
    {
        var states = await CodeState.AtAsync(session, [from, to], cancellationToken).ConfigureAwait(false);
        var before = states[0].ToDictionary(f => f.FileId, StringComparer.Ordinal);
        var after = states[1].ToDictionary(f => f.FileId, StringComparer.Ordinal);
        var output = new StringBuilder();
        foreach (var fileId in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
        {
            var hasOld = before.TryGetValue(fileId, out var old);
            var hasNew = after.TryGetValue(fileId, out var @new);

            // Created and deleted files use /dev/null, as git does; a rename shows as the old and new paths.
            output.Append(UnifiedDiff.Create(
                hasOld ? old.Content : string.Empty,
                hasNew ? @new.Content : string.Empty,
                hasOld ? "a/" + old.Path : "/dev/null",
                hasNew ? "b/" + @new.Path : "/dev/null"));
        }

        return output.ToString();
    }
}
