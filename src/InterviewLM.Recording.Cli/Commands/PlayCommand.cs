using System.CommandLine;
using System.Globalization;
using InterviewLM.Recording.Terminal;

namespace InterviewLM.Recording.Cli.Commands;

/// <summary><c>ilmrec play SESSION|CAST [--speed X] [--from T]</c>: replays the terminal in real time through <see cref="Replay.SessionPlayer"/>.</summary>
/// <remarks>On a terminal: space pauses, ←/→ seek 5 s, +/- change speed, q or Ctrl-C quits.</remarks>
internal static class PlayCommand
{
    public static Command Create()
    {
        var source = new Argument<string>("SOURCE") { Description = "A session directory or session ZIP, or an asciicast file." };
        var speed = new Option<double>("--speed") { Description = "Playback speed, 1/16 to 64 (1 = real time).", DefaultValueFactory = _ => 1.0 };
        var from = new Option<string>("--from") { Description = "Start this many seconds after the session starts (a cast's start); the output before is written at once.", DefaultValueFactory = _ => "0" };
        var command = new Command("play", "Plays a recorded terminal in real time (space: pause, arrows: seek 5 s, +/-: speed, q: quit).") { source, speed, from };
        command.SetHandler(async (parseResult, cancellationToken) =>
        {
            var factor = parseResult.GetValue(speed);
            if (factor <= 0 || double.IsNaN(factor))
            {
                throw new ArgumentException("--speed must be positive.");
            }

            if (!double.TryParse(parseResult.GetValue(from), NumberStyles.Float, CultureInfo.InvariantCulture, out var fromSeconds) || fromSeconds < 0)
            {
                throw new ArgumentException("--from must be a non-negative number of seconds.");
            }

            var timeline = await TerminalTimeline.LoadAsync(parseResult.GetValue(source)!, cancellationToken).ConfigureAwait(false);
            var stdout = Console.OpenStandardOutput();
            using var player = new TerminalPlayback(timeline, stdout, TimeProvider.System, factor);
            var interactive = HostTerminal.IsTerminal(HostTerminal.StandardInput) && HostTerminal.IsTerminal(HostTerminal.StandardOutput);
            using var rawMode = interactive ? HostTerminal.EnterRawMode(HostTerminal.StandardInput) : null;
            if (interactive)
            {
                StartKeyReader(player);
            }

            await player.RunAsync(TimeSpan.FromSeconds(fromSeconds), cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    /// <summary>Maps keys to player commands.</summary>
    internal static IEnumerable<PlayerCommand> ParseKeys(ReadOnlySpan<byte> keys)
    {
        var commands = new List<PlayerCommand>();
        for (var i = 0; i < keys.Length; i++)
        {
            switch (keys[i])
            {
                case (byte)' ':
                    commands.Add(PlayerCommand.TogglePause);
                    break;
                case (byte)'+' or (byte)'=':
                    commands.Add(PlayerCommand.Faster);
                    break;
                case (byte)'-' or (byte)'_':
                    commands.Add(PlayerCommand.Slower);
                    break;
                case (byte)'q' or 0x03:
                    commands.Add(PlayerCommand.Quit);
                    break;
                case 0x1b when i + 2 < keys.Length && (keys[i + 1] == (byte)'[' || keys[i + 1] == (byte)'O'):
                    if (keys[i + 2] == (byte)'C')
                    {
                        commands.Add(PlayerCommand.SeekForward);
                    }
                    else if (keys[i + 2] == (byte)'D')
                    {
                        commands.Add(PlayerCommand.SeekBackward);
                    }

                    i += 2;
                    break;
            }
        }

        return commands;
    }

    private static void StartKeyReader(TerminalPlayback player)
    {
        new Thread(() =>
        {
            try
            {
                using var stdin = Console.OpenStandardInput();
                var buffer = new byte[64];
                int read;
                while ((read = stdin.Read(buffer, 0, buffer.Length)) > 0)
                {
                    foreach (var command in ParseKeys(buffer.AsSpan(0, read)))
                    {
                        player.Post(command);
                    }
                }
            }
            catch (IOException)
            {
            }
        })
        { IsBackground = true, Name = "ilmrec-play-keys" }.Start();
    }
}
