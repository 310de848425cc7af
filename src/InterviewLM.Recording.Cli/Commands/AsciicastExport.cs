using InterviewLM.Recording.Storage;
using InterviewLM.Recording.Terminal;

namespace InterviewLM.Recording.Cli.Commands;

/// <summary>The <c>asciicast-v2</c> and <c>asciicast-v3</c> formats of <c>ilmrec export</c>.</summary>
internal static class AsciicastExport
{
    public const string FormatNames = "asciicast-v2, asciicast-v3";

    public static bool TryGetVersion(string format, out int version)
    {
        version = format switch
        {
            "asciicast-v2" or "asciicast" => 2,
            "asciicast-v3" => 3,
            _ => 0,
        };
        return version != 0;
    }

    public static async Task<int> RunAsync(StoredSession session, int version, FileInfo target, CancellationToken cancellationToken)
    {
        var toStandardOutput = ExportCommand.IsStandardOutput(target);
        var stream = toStandardOutput
            ? Console.OpenStandardOutput()
            : new FileStream(target.FullName, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous);
        long count;
        await using (stream.ConfigureAwait(false))
        {
            count = await AsciicastConverter.ExportAsync(
                session.ReadEventsAsync(cancellationToken),
                stream,
                new AsciicastExportOptions { Version = version, Title = session.Metadata?.SessionId },
                cancellationToken).ConfigureAwait(false);
        }

        Console.Error.WriteLine($"exported {count:N0} terminal events to {(toStandardOutput ? "standard output" : target.FullName)} (asciicast v{version})");
        return 0;
    }
}
