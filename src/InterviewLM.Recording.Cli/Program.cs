using System.CommandLine;
using InterviewLM.Recording.Cli.Commands;

namespace InterviewLM.Recording.Cli;

/// <summary>The <c>ilmrec</c> entry point.</summary>
public static class Program
{
    /// <summary>Runs the command line.</summary>
    /// <param name="args">The arguments.</param>
    /// <returns>The exit code.</returns>
    public static Task<int> Main(string[] args) => BuildRootCommand().Parse(args).InvokeAsync();

    /// <summary>Builds the root command with every subcommand.</summary>
    /// <returns>The root command.</returns>
    public static RootCommand BuildRootCommand()
    {
        var root = new RootCommand("ilmrec: record, inspect, verify, replay and export InterviewLM.Recording sessions.");
        // One line per command; each command lives in Commands/<Name>Command.cs with a static Create().
        root.Subcommands.Add(VersionCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(InfoCommand.Create());
        root.Subcommands.Add(VerifyCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(ImportCommand.Create());
        root.Subcommands.Add(RecordCommand.Create());
        root.Subcommands.Add(ImportCastCommand.Create());
        root.Subcommands.Add(PlayCommand.Create());
        root.Subcommands.Add(ImportTraceCommand.Create());
        root.Subcommands.Add(ImportEventsCommand.Create());
        root.Subcommands.Add(FilesCommand.Create());
        root.Subcommands.Add(DiffCommand.Create());
        root.Subcommands.Add(ScreenCommand.Create());
        root.Subcommands.Add(ConvertCommand.Create());
        root.Subcommands.Add(RebuildCommand.Create());
        return root;
    }
}
