using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Storage.Protobuf.Tests;

internal static class CodecTestHelpers
{
    public static EventCodecs AllCodecs { get; } = EventCodecs.Default.With(ProtobufBrotliCodec.Instance);

    public static async Task<byte[]> EncodeAsync(IEventCodec codec, IEnumerable<RecordedEvent[]> blocks, bool complete = true)
    {
        using var stream = new MemoryStream();
        await using (var writer = codec.CreateWriter(stream))
        {
            foreach (var block in blocks)
            {
                await writer.WriteBlockAsync(block);
            }

            if (complete)
            {
                await writer.CompleteAsync();
            }
        }

        return stream.ToArray();
    }

    public static async Task<List<BlockReadResult>> ReadAllAsync(IEventCodec codec, byte[] data)
    {
        var results = new List<BlockReadResult>();
        await foreach (var result in codec.ReadAsync(new MemoryStream(data)))
        {
            results.Add(result);
        }

        return results;
    }

    public static List<BlockReadResult> ReadAll(IEventCodec codec, byte[] data) => ReadAllAsync(codec, data).GetAwaiter().GetResult();

    public static byte[] Encode(IEventCodec codec, IEnumerable<RecordedEvent[]> blocks, bool complete = true) => EncodeAsync(codec, blocks, complete).GetAwaiter().GetResult();
}
