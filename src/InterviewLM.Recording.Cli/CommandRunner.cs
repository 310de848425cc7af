using System.CommandLine;
using Spectre.Console;

namespace InterviewLM.Recording.Cli;

/// <summary>Runs a command's body so that an error is one clear line on standard error and exit code 1, never a stack trace.</summary>
internal static class CommandRunner
{
    public static void SetHandler(this Command command, Func<ParseResult, CancellationToken, Task<int>> body) =>
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            try
            {
                return await body(parseResult, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await Console.Error.WriteLineAsync("ilmrec: cancelled").ConfigureAwait(false);
                return 130;
            }
#pragma warning disable CA1031 // The top level turns every failure into one line and an exit code.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                var message = ex.Message;
                for (var inner = ex.InnerException; inner is not null; inner = inner.InnerException)
                {
                    message += $" ({inner.Message})";
                }

                await Console.Error.WriteLineAsync($"ilmrec: error: {message}").ConfigureAwait(false);
                return 1;
            }
        });

    /// <summary>Gets a console for human output that never emits colour codes when redirected.</summary>
    public static IAnsiConsole Human { get; } = AnsiConsole.Create(new AnsiConsoleSettings
    {
        Ansi = Console.IsOutputRedirected ? AnsiSupport.No : AnsiSupport.Detect,
        ColorSystem = Console.IsOutputRedirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
        Interactive = Console.IsOutputRedirected ? InteractionSupport.No : InteractionSupport.Detect,
    });

    /// <summary>Runs work with a progress bar on an interactive terminal, and plainly otherwise.</summary>
    public static async Task<T> WithProgressAsync<T>(string description, Func<Action<double>, Task<T>> work)
    {
        if (Console.IsErrorRedirected || Console.IsOutputRedirected)
        {
            return await work(static _ => { }).ConfigureAwait(false);
        }

        T result = default!;
        await AnsiConsole.Progress().AutoClear(true).StartAsync(async context =>
        {
            var task = context.AddTask(description, maxValue: 1.0);
            result = await work(fraction => task.Value = Math.Clamp(fraction, 0, 1)).ConfigureAwait(false);
            task.Value = 1.0;
        }).ConfigureAwait(false);
        return result;
    }
}
