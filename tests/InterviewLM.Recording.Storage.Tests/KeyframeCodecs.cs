namespace InterviewLM.Recording.Storage.Tests;

/// <summary>The codecs <see cref="KeyframeBlockTests"/> runs here (the archive codec's run is in InterviewLM.Recording.Storage.Protobuf.Tests).</summary>
internal static class KeyframeCodecs
{
    public static IReadOnlyList<IEventCodec> All { get; } = [Jsonl.JsonlCodec.Instance, Gzip.GzipJsonlCodec.Instance];

    public static EventCodecs Registry { get; } = EventCodecs.Default;
}
