using InterviewLM.Recording.Storage;
using InterviewLM.Recording.Testing;

namespace InterviewLM.Recording.Replay.Tests;

/// <summary>Records sessions through the storage pipeline, block by block as given (no recorder: events are stored as they are, bad ones included).</summary>
internal static class StoredSessions
{
    public static async Task<T> RecordAsync<T>(T objects, IEventCodec codec, IReadOnlyList<RecordedEvent> events, int blockSize, KeyframePolicy? keyframes)
        where T : ISessionObjects
    {
        var builder = new SessionPipelineBuilder();
        if (keyframes is not null)
        {
            builder.UseKeyframes(keyframes);
        }

        var sink = await builder.BuildAsync(objects, new SessionStorageOptions { Codec = codec });
        await using (sink)
        {
            foreach (var block in events.Chunk(blockSize))
            {
                await sink.WriteAsync(block);
            }

            await sink.CompleteAsync();
        }

        return objects;
    }

    public static Task<InMemorySessionObjects> RecordAsync(IEventCodec codec, IReadOnlyList<RecordedEvent> events, int blockSize, KeyframePolicy? keyframes) =>
        RecordAsync(new InMemorySessionObjects("memory"), codec, events, blockSize, keyframes);

    public static async Task<StoredSession> OpenAsync(IReadOnlySessionObjects objects) => await StoredSession.OpenAsync(objects, KeyframeCodecs.Registry);

    /// <summary>Every object's bytes, to show that reading wrote nothing.</summary>
    public static async Task<Dictionary<string, byte[]>> ContentAsync(InMemorySessionObjects objects)
    {
        var content = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        await foreach (var item in objects.ListAsync())
        {
            content[item.Name] = objects.GetContent(item.Name)!;
        }

        return content;
    }
}

/// <summary>The codecs the keyframe tests cover: every codec the suite has.</summary>
internal static class KeyframeCodecs
{
    public static EventCodecs Registry { get; } = EventCodecs.Default.With(Storage.Protobuf.ProtobufBrotliCodec.Instance);

    public static IReadOnlyList<IEventCodec> All => Registry.All;
}
