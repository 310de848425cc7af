using System.Diagnostics;
using InterviewLM.Recording.Diff;
using InterviewLM.Recording.Storage;
using InterviewLM.Recording.TestUtils;

namespace InterviewLM.Recording.Storage.Protobuf.Tests;

/// <summary>Sizes are deterministic, so the targets of issue 7 that the codec reaches are asserted here (full table: benchmarks/results/archive-sizes.md).</summary>
public sealed class ArchiveSizeTests
{
    private const int ArchiveBlockEvents = 65_536;

    // What ilmrec convert writes: Brotli quality 11, blocks of 65,536 events.
    private static readonly ProtobufBrotliCodec Archive = new(quality: 11);

    [Fact]
    public async Task Encode_AutomergePaper_IsAtMost030BytesPerEditAndAThirdOfGzipJsonl()
    {
        var events = LoadTrace("automerge-paper");
        var edits = events.Count(e => e.Event is TextEdited);
        var archive = await CodecTestHelpers.EncodeAsync(Archive, events.Chunk(ArchiveBlockEvents));
        var gzip = await CodecTestHelpers.EncodeAsync(SessionConverter.AllCodecs.Get("jsonl-gz"), events.Chunk(4096));

        Assert.Equal(259_778, edits);
        Assert.True(archive.Length <= 78_000, $"archive {archive.Length} bytes");
        Assert.True(archive.Length <= 0.30 * edits, $"archive {archive.Length / (double)edits:F3} B/edit");
        Assert.True(archive.Length * 3 <= gzip.Length, $"archive {archive.Length} vs gzip JSONL {gzip.Length}");
        Assert.Equal(events, (await CodecTestHelpers.ReadAllAsync(Archive, archive)).SelectMany(r => r.Block!.Events));
    }

    [Fact]
    public async Task Encode_SvelteComponentTrace_IsSmallerThanXz9eOfItsJsonl()
    {
        var events = LoadTrace("sveltecomponent");
        var archive = await CodecTestHelpers.EncodeAsync(Archive, events.Chunk(ArchiveBlockEvents));
        var jsonl = await CodecTestHelpers.EncodeAsync(SessionConverter.AllCodecs.Get("jsonl"), events.Chunk(4096));
        var xz = XzLength(jsonl);
        Assert.True(archive.Length <= xz, $"archive {archive.Length} vs xz -9e {xz}");
    }

    private static RecordedEvent[] LoadTrace(string name)
    {
        var trace = EditingTrace.Load(Path.Combine(RepoPaths.Corpus, "editing-traces", "sequential_traces", name + ".json.gz"));
        long sequence = 0;
        return [.. EditingTraceImporter.CreateEvents(trace).Select(t => new RecordedEvent(sequence++, t.Time, t.Event))];
    }

    /// <summary>Runs the real <c>xz -9e</c> (apt package xz-utils); a missing xz fails the test.</summary>
    private static long XzLength(byte[] data)
    {
        var start = new ProcessStartInfo("xz", "-9e -T1 -c") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var count = Task.Run(async () =>
        {
            var buffer = new byte[65536];
            long total = 0;
            int read;
            while ((read = await process.StandardOutput.BaseStream.ReadAsync(buffer)) > 0)
            {
                total += read;
            }

            return total;
        });
        process.StandardInput.BaseStream.Write(data);
        process.StandardInput.Close();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return count.GetAwaiter().GetResult();
    }
}
