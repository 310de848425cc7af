using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Cli;

/// <summary>How the CLI creates session directories: the chosen codec and every projection the feature packages provide.</summary>
internal static class CliSessions
{
    public static SessionDirectoryOptions CreateOptions(string codecName, TimeProvider? timeProvider = null)
    {
        var options = new SessionDirectoryOptions { Codec = CliCodecs.All.Get(codecName), TimeProvider = timeProvider ?? TimeProvider.System };
        options.Projections.Add(new TerminalCastProjection());
        options.Projections.Add(new CodeFilesProjection());
        return options;
    }
}
