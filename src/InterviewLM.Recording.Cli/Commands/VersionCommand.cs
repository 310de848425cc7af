using System.CommandLine;
using System.Reflection;

namespace InterviewLM.Recording.Cli.Commands;

/// <summary>Prints the tool's version (a placeholder the other commands follow in shape).</summary>
internal static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("about", "Prints what ilmrec is and its version.");
        command.SetAction(parseResult =>
        {
            var version = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
            parseResult.InvocationConfiguration.Output.WriteLine($"ilmrec {version}");
            return 0;
        });
        return command;
    }
}
