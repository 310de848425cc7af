using InterviewLM.Recording.Storage;
using InterviewLM.Recording.Terminal;

namespace InterviewLM.Recording.Cli.Commands;

/// <summary>The terminal events of a session directory or an asciicast file, timed from the terminal's start.</summary>
internal sealed record TerminalTimeline(int Columns, int Rows, IReadOnlyList<TimedSessionEvent> Events)
{
    public TimeSpan Duration => Events.Count == 0 ? TimeSpan.Zero : Events[^1].Time;

    public static async Task<TerminalTimeline> LoadAsync(string path, CancellationToken cancellationToken)
    {
        if (Directory.Exists(path))
        {
            var session = SessionDirectory.Open(path, CliCodecs.All);
            var events = new List<TimedSessionEvent>();
            TimeSpan? origin = null;
            int columns = 80, rows = 24;
            await foreach (var recorded in session.ReadEventsAsync(cancellationToken).ConfigureAwait(false))
            {
                if (recorded.Event is TerminalStarted started && origin is null)
                {
                    origin = recorded.Time;
                    (columns, rows) = (started.Columns, started.Rows);
                }

                if (recorded.Event.Channel == EventChannel.Terminal)
                {
                    origin ??= recorded.Time;
                    events.Add(new TimedSessionEvent(recorded.Time - origin.Value, recorded.Event));
                }
            }

            return new TerminalTimeline(columns, rows, events);
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"'{path}' is neither a session directory nor an asciicast file.", path);
        }

        var reader = await AsciicastReader.OpenAsync(File.OpenRead(path), cancellationToken: cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            var events = new List<TimedSessionEvent>();
            await foreach (var e in AsciicastConverter.ToSessionEventsAsync(reader.Header, reader.ReadEventsAsync(cancellationToken), cancellationToken).ConfigureAwait(false))
            {
                events.Add(e);
            }

            return new TerminalTimeline(reader.Header.Columns, reader.Header.Rows, events);
        }
    }
}
