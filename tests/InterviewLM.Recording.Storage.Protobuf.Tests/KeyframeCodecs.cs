using InterviewLM.Recording.Storage.Protobuf;

namespace InterviewLM.Recording.Storage.Tests;

/// <summary>The codecs the linked <see cref="KeyframeBlockTests"/> (from InterviewLM.Recording.Storage.Tests) runs here: the archive codec.</summary>
internal static class KeyframeCodecs
{
    public static IReadOnlyList<IEventCodec> All { get; } = [ProtobufBrotliCodec.Instance];

    public static EventCodecs Registry { get; } = SessionConverter.AllCodecs;
}
