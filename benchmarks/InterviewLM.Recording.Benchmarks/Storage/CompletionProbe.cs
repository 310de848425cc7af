using System.Diagnostics;
using System.Globalization;
using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Benchmarks.Storage;

/// <summary>
/// Completing the one-hour session (the seek benchmarks' ~280,000 recorded events) through ilmrec's default pipeline, as a
/// whole process, to run interleaved with the same probe built from an earlier commit:
/// <c>dotnet run -c Release -- completion [ROUNDS]</c> prints one line per round.
/// </summary>
/// <remarks>Projections fold as blocks pass, so the write phase carries their work and completion writes them without reading the events object again; the probe prints both phases.</remarks>
internal static class CompletionProbe
{
    public static int Run(string[] args)
    {
        var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
        var events = Replay.LongSession.Get(Replay.LongSession.Recorded);
        var root = Directory.CreateTempSubdirectory("ilmrec-completion-").FullName;
        try
        {
            for (var round = 0; round < rounds; round++)
            {
                var path = Path.Combine(root, round.ToString(CultureInfo.InvariantCulture));
                var total = Stopwatch.StartNew();
                var sink = InterviewRecording.CreatePipeline()
                    .BuildAsync(DirectorySessionObjects.Create(path), new SessionStorageOptions { Codec = EventCodecs.Default.Get("jsonl-gz") })
                    .AsTask().GetAwaiter().GetResult();
                foreach (var block in events.Chunk(4096))
                {
                    sink.WriteAsync(block).AsTask().GetAwaiter().GetResult();
                }

                var complete = Stopwatch.StartNew();
                sink.CompleteAsync().AsTask().GetAwaiter().GetResult();
                complete.Stop();
                total.Stop();
                sink.DisposeAsync().AsTask().GetAwaiter().GetResult();
                Console.WriteLine($"completion events={events.Count} write+complete_ms={total.Elapsed.TotalMilliseconds:F1} complete_ms={complete.Elapsed.TotalMilliseconds:F1}");
                Directory.Delete(path, recursive: true);
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }

        return 0;
    }
}
