using BenchmarkDotNet.Attributes;
using InterviewLM.Recording.Diff;
using InterviewLM.Recording.Storage;
using InterviewLM.Recording.Storage.Protobuf;

namespace InterviewLM.Recording.Benchmarks.Archive;

/// <summary>Issue 7: protobuf-brotli encode (≥ 500,000 events/s at the default quality) and decode (≥ 5,000,000 events/s), on realistic mixed events and on the automerge-paper trace.</summary>
/// <remarks>Sizes: <c>Archive/archive-sizes.sh</c> writes benchmarks/results/archive-sizes.md.</remarks>
public class ArchiveCodecBenchmarks
{
    private RecordedEvent[] _events = [];
    private byte[] _encoded = [];
    private ProtobufBrotliCodec _codec = null!;

    /// <summary>Gets or sets the input: mixed realistic events or the automerge-paper editing trace.</summary>
    [Params("realistic", "automerge-paper")]
    public string Input { get; set; } = "realistic";

    /// <summary>Gets or sets the events per block (4,096 as recorded live; 65,536 as <c>ilmrec convert</c> writes archives).</summary>
    [Params(4096, 65_536)]
    public int BlockSize { get; set; } = 4096;

    /// <summary>Gets or sets the Brotli quality.</summary>
    [Params(ProtobufBrotliCodec.DefaultQuality, 11)]
    public int Quality { get; set; } = ProtobufBrotliCodec.DefaultQuality;

    /// <summary>Gets the number of events per operation.</summary>
    public int EventCount => _events.Length;

    [GlobalSetup]
    public void Setup()
    {
        _codec = new ProtobufBrotliCodec(Quality);
        _events = Input == "realistic" ? RealisticEvents.Recorded(100_000) : LoadTrace(Input);
        _encoded = EncodeAsync().GetAwaiter().GetResult().ToArray();
        Console.WriteLine($"// {Input}: {_events.Length:N0} events, {_encoded.Length:N0} bytes in blocks of {BlockSize}");
    }

    [Benchmark]
    public async Task<MemoryStream> Encode() => await EncodeAsync();

    [Benchmark]
    public async Task<long> Decode()
    {
        long count = 0;
        await foreach (var result in _codec.ReadAsync(new MemoryStream(_encoded, writable: false)))
        {
            count += result.Block!.Events.Count;
        }

        return count;
    }

    private static RecordedEvent[] LoadTrace(string name)
    {
        var trace = EditingTrace.Load(Path.Combine(BenchmarkPaths.Corpus, "editing-traces", "sequential_traces", name + ".json.gz"));
        var events = new List<RecordedEvent>();
        long sequence = 0;
        foreach (var timed in EditingTraceImporter.CreateEvents(trace))
        {
            events.Add(new RecordedEvent(sequence++, timed.Time, timed.Event));
        }

        return [.. events];
    }

    private async Task<MemoryStream> EncodeAsync()
    {
        var stream = new MemoryStream();
        await using var writer = _codec.CreateWriter(stream);
        for (var i = 0; i < _events.Length; i += BlockSize)
        {
            await writer.WriteBlockAsync(_events.AsMemory(i, Math.Min(BlockSize, _events.Length - i)));
        }

        await writer.CompleteAsync();
        return stream;
    }
}
