using System.CommandLine;
using System.Text;
using System.Text.Json;
using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Cli.Commands;

/// <summary><c>ilmrec files DIR --at T [--json] [--file PATH]</c>: file contents at a moment of the session.</summary>
internal static class FilesCommand
{
    public static Command Create()
    {
        var directory = new Argument<string>("SESSION") { Description = "The session directory or session ZIP." };
        var at = new Option<string>("--at") { Description = "Seconds from session start, or 'end'.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print machine-readable JSON: {at, files:[{fileId, path, hash, content}]}." };
        var file = new Option<string?>("--file") { Description = "Print only this file's content (by path or file id), exactly." };
        var command = new Command("files", "Prints the contents of the session's files at a moment.") { directory, at, json, file };
        command.SetHandler(async (parseResult, cancellationToken) =>
        {
            var session = await CliStore.OpenAsync(parseResult.GetValue(directory)!, cancellationToken).ConfigureAwait(false);
            var text = await RenderAsync(session, SessionTime.Parse(parseResult.GetValue(at)!, "--at"), parseResult.GetValue(json), parseResult.GetValue(file), cancellationToken).ConfigureAwait(false);
            var stdout = Console.OpenStandardOutput();
            await using (stdout.ConfigureAwait(false))
            {
                await stdout.WriteAsync(new UTF8Encoding(false).GetBytes(text), cancellationToken).ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }

    internal static async Task<string> RenderAsync(StoredSession session, TimeSpan at, bool json, string? file, CancellationToken cancellationToken)
    {
        var files = (await CodeState.AtAsync(session, [at], cancellationToken).ConfigureAwait(false))[0];
        if (file is not null)
        {
            files = files.Where(f => f.Path == file || f.FileId == file).ToList();
            if (files.Count == 0)
            {
                throw new ArgumentException($"No file '{file}' exists at {(at == TimeSpan.MaxValue ? "the end" : $"{at.TotalSeconds:0.######} s")}.");
            }
        }

        if (json)
        {
            var document = new
            {
                at = at == TimeSpan.MaxValue ? (object)"end" : at.TotalSeconds,
                files = files.Select(f => new { fileId = f.FileId, path = f.Path, hash = ContentHasher.Hash(f.Content), content = f.Content }).ToArray(),
            };
            return JsonSerializer.Serialize(document, CliJson.Options) + "\n";
        }

        if (file is not null)
        {
            return files[0].Content;
        }

        var output = new StringBuilder();
        foreach (var (_, path, content) in files)
        {
            output.Append("==> ").Append(path).Append(" <==\n").Append(content);
            if (content.Length > 0 && content[^1] != '\n')
            {
                output.Append('\n');
            }
        }

        return output.ToString();
    }
}
