using BenchmarkDotNet.Attributes;
using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Benchmarks.Storage;

/// <summary>Issue 3: JSONL and gzip JSONL encode and decode of realistic mixed events (decode ≥ 1,000,000 events/s).</summary>
public class CodecBenchmarks
{
    private const int EventCount = 100_000;
    private const int BlockSize = 4096;
    private RecordedEvent[] _events = [];
    private byte[] _encoded = [];
    private IEventCodec _codec = null!;

    [Params("jsonl", "jsonl-gz")]
    public string Codec { get; set; } = "jsonl";

    [GlobalSetup]
    public void Setup()
    {
        _codec = EventCodecs.Default.Get(Codec);
        _events = RealisticEvents.Recorded(EventCount);
        _encoded = EncodeAsync().GetAwaiter().GetResult().ToArray();
    }

    [Benchmark(OperationsPerInvoke = EventCount)]
    public async Task<MemoryStream> Encode() => await EncodeAsync();

    [Benchmark(OperationsPerInvoke = EventCount)]
    public async Task<long> Decode()
    {
        long count = 0;
        await foreach (var result in _codec.ReadAsync(new MemoryStream(_encoded, writable: false)))
        {
            count += result.Block!.Events.Count;
        }

        return count;
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
