using InterviewLM.Recording.Replay;
using InterviewLM.Recording.Terminal;

namespace InterviewLM.Recording.Cli.Commands;

/// <summary>The terminal channel of a session (directory or ZIP) or an asciicast file, as a <see cref="SessionTimeline"/> at session times, for <see cref="SessionPlayer"/>.</summary>
/// <remarks>
/// Only terminal events are kept (renumbered from 0, as the player expects a whole stream), at their session times: time T
/// of the playback is time T of the session and of its exported cast (whose times count from the session's start too),
/// and playback ends at the terminal's last event. Output with no <see cref="TerminalStarted"/> before it plays on an
/// 80×24 screen (<see cref="TerminalReplay"/>). An asciicast is converted to session events in memory, without storing anything.
/// </remarks>
internal static class TerminalTimeline
{
    public static async Task<SessionTimeline> LoadAsync(string path, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(path) && !File.Exists(path))
        {
            throw new FileNotFoundException($"'{path}' is neither a session (directory or ZIP) nor an asciicast file.", path);
        }

        var events = new List<RecordedEvent>();
        if (CliStore.IsSession(path))
        {
            var session = await CliStore.OpenAsync(path, cancellationToken).ConfigureAwait(false);
            await foreach (var recorded in session.ReadEventsAsync(cancellationToken).ConfigureAwait(false))
            {
                if (recorded.Event.Channel == EventChannel.Terminal)
                {
                    events.Add(new RecordedEvent(events.Count, recorded.Time, recorded.Event));
                }
            }

            return SessionTimeline.Build(events);
        }

        var reader = await AsciicastReader.OpenAsync(File.OpenRead(path), cancellationToken: cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            await foreach (var e in AsciicastConverter.ToSessionEventsAsync(reader.Header, reader.ReadEventsAsync(cancellationToken), cancellationToken).ConfigureAwait(false))
            {
                events.Add(new RecordedEvent(events.Count, e.Time, e.Event));
            }
        }

        return SessionTimeline.Build(events);
    }
}
