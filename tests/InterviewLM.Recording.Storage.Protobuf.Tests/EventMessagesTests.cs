using Google.Protobuf;
using InterviewLM.Recording.Storage.Protobuf.Schema;

namespace InterviewLM.Recording.Storage.Protobuf.Tests;

public sealed class EventMessagesTests
{
    private static readonly ProtobufBrotliCodec Codec = ProtobufBrotliCodec.Instance;

    [Fact]
    public async Task ReadAsync_CaptureFailedAmongColumnEvents_RoundTrips()
    {
        RecordedEvent[] events =
        [
            new(0, TimeSpan.Zero, new SessionStarted("sess_cf", DateTimeOffset.UnixEpoch)),
            new(1, TimeSpan.FromSeconds(1), new TerminalOutput("$ ")),
            new(2, TimeSpan.FromSeconds(2), new CaptureFailed("claude", "response failed before its end: HttpIOException: reset", "System.Net.Http.HttpIOException: reset\n   at Read()")),
            new(3, TimeSpan.FromSeconds(2), new TerminalOutput("ls\r\n")),
            new(4, TimeSpan.FromSeconds(3), new CaptureFailed("watcher", "src/a.bin could not be read")),
            new(5, TimeSpan.FromSeconds(3), new CaptureFailed("terminal", "", "")),
            new(6, TimeSpan.FromSeconds(4), new SessionEnded("completed")),
        ];

        var read = await CodecTestHelpers.ReadAllAsync(Codec, await CodecTestHelpers.EncodeAsync(Codec, [events]));

        Assert.Equal(events, Assert.Single(read).Block!.Events);
    }

    [Fact]
    public void ToMessage_CaptureFailed_IsItsOwnCaseNamedForReadersOlderThanIt()
    {
        // A case added after schema v1 carries its type name: a reader without the case keeps it as an unknown event by that name.
        var message = EventMessages.ToMessage(new CaptureFailed("claude", "r", null));

        Assert.Equal(Event.PayloadOneofCase.CaptureFailed, message.PayloadCase);
        Assert.Equal(CaptureFailed.TypeName, message.TypeName);
        Assert.False(message.CaptureFailed.HasDetail);
        Assert.Equal(new CaptureFailed("claude", "r", null), EventMessages.FromMessage(Event.Parser.ParseFrom(message.ToByteArray())));
    }
}
