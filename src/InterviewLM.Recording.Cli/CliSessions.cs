using InterviewLM.Recording.Claude;
using InterviewLM.Recording.Storage;
using InterviewLM.Recording.Terminal;

namespace InterviewLM.Recording.Cli;

/// <summary>How the CLI creates session directories: the chosen codec, keyframes in the events file, and every projection the feature packages provide.</summary>
internal static class CliSessions
{
    public static SessionDirectoryOptions CreateOptions(string codecName, TimeProvider? timeProvider = null)
    {
        var options = new SessionDirectoryOptions
        {
            Codec = CliCodecs.All.Get(codecName),
            TimeProvider = timeProvider ?? TimeProvider.System,
            Keyframes = static () => Replay.SessionKeyframes.CreateBuilder(),
        };
        options.Projections.Add(new FileProjection("terminal.cast", static async (events, output, ct) =>
            await AsciicastConverter.ExportAsync(events, output, cancellationToken: ct).ConfigureAwait(false)));
        options.Projections.Add(new FileProjection(ClaudeInteractionsProjection.FileName, static async (events, output, ct) =>
            await ClaudeInteractionsProjection.WriteAsync(events, output, ct).ConfigureAwait(false)));
        options.Projections.Add(new CodeFilesProjection());
        return options;
    }
}
