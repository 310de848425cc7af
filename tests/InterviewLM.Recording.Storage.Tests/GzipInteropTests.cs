using System.Diagnostics;
using FsCheck.Fluent;
using InterviewLM.Recording.Storage.Gzip;
using InterviewLM.Recording.Storage.Jsonl;
using InterviewLM.Recording.TestUtils;

namespace InterviewLM.Recording.Storage.Tests;

public sealed class GzipInteropTests
{
    [Fact]
    public async Task Zcat_ReadsTheGzipFile_AsThePlainJsonlFile()
    {
        var events = EventGenerators.SampleStream(35);
        var blocks = EventGenerators.SplitIntoBlocks(events, 5);
        var gzip = await CodecTestHelpers.EncodeAsync(GzipJsonlCodec.Instance, blocks);
        var plain = await CodecTestHelpers.EncodeAsync(JsonlCodec.Instance, blocks);
        var path = Path.Combine(Path.GetTempPath(), $"ilmrec-{Guid.NewGuid():N}.jsonl.gz");
        await File.WriteAllBytesAsync(path, gzip);
        try
        {
            var start = new ProcessStartInfo("zcat", [path]) { RedirectStandardOutput = true };
            using var process = Process.Start(start)!;
            using var output = new MemoryStream();
            await process.StandardOutput.BaseStream.CopyToAsync(output);
            await process.WaitForExitAsync();
            Assert.Equal(0, process.ExitCode);
            Assert.Equal(plain, output.ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void GzipStream_ReadsTheGzipFile_AsThePlainJsonlFile()
    {
        var events = EventGenerators.SampleStream(35);
        var blocks = EventGenerators.SplitIntoBlocks(events, 9);
        using var gzip = new System.IO.Compression.GZipStream(new MemoryStream(CodecTestHelpers.Encode(GzipJsonlCodec.Instance, blocks)), System.IO.Compression.CompressionMode.Decompress);
        using var output = new MemoryStream();
        gzip.CopyTo(output);
        Assert.Equal(CodecTestHelpers.Encode(JsonlCodec.Instance, blocks), output.ToArray());
    }

    [Fact]
    public void Detect_FirstBytes_FindTheCodec()
    {
        var block = new[] { new RecordedEvent(0, TimeSpan.Zero, new Marker("x")) };
        Assert.Same(GzipJsonlCodec.Instance, EventCodecs.Default.Detect(CodecTestHelpers.Encode(GzipJsonlCodec.Instance, [block]).AsSpan(0, 16)));
        Assert.Same(JsonlCodec.Instance, EventCodecs.Default.Detect(CodecTestHelpers.Encode(JsonlCodec.Instance, [block]).AsSpan(0, 16)));
        Assert.Null(EventCodecs.Default.Detect("PK\u0003\u0004 not ours"u8));
    }
}
