using System.Text;
using InterviewLM.Recording.Storage;

namespace InterviewLM.Recording.Storage.Tests;

public sealed partial class CodecRoundTripTests
{
    private static readonly RecordedEvent[] s_captureFailures =
    [
        new(0, TimeSpan.Zero, new SessionStarted("sess_cf", DateTimeOffset.UnixEpoch)),
        new(1, TimeSpan.FromSeconds(2), new CaptureFailed("claude", "response failed before its end: HttpIOException: reset", "System.Net.Http.HttpIOException: reset\n   at Read()")),
        new(2, TimeSpan.FromSeconds(3), new CaptureFailed("watcher", "src/a.bin could not be read")),
        new(3, TimeSpan.FromSeconds(4), new SessionEnded("completed")),
    ];

    [Theory]
    [MemberData(nameof(CodecTestHelpers.Codecs), MemberType = typeof(CodecTestHelpers))]
    public async Task ReadAsync_CaptureFailed_WithAndWithoutDetail_RoundTrips(IEventCodec codec)
    {
        var read = await CodecTestHelpers.ReadAllAsync(codec, await CodecTestHelpers.EncodeAsync(codec, [s_captureFailures]));

        Assert.Equal(s_captureFailures, Assert.Single(read).Block!.Events);
    }

    [Fact]
    public async Task WriteBlockAsync_CaptureFailed_WritesSourceReasonAndDetailAsTheSchemaSays()
    {
        var text = Encoding.UTF8.GetString(await CodecTestHelpers.EncodeAsync(Jsonl.JsonlCodec.Instance, [s_captureFailures]));

        Assert.Contains(
            "{\"seq\":1,\"t\":2000000,\"type\":\"capture_failed\",\"source\":\"claude\",\"reason\":\"response failed before its end: HttpIOException: reset\",\"detail\":\"System.Net.Http.HttpIOException: reset\\n   at Read()\"}\n",
            text,
            StringComparison.Ordinal);
        Assert.Contains("{\"seq\":2,\"t\":3000000,\"type\":\"capture_failed\",\"source\":\"watcher\",\"reason\":\"src/a.bin could not be read\"}\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"seq\":0,\"t\":0,\"type\":\"capture_failed\",\"reason\":\"r\"}", "source")]
    [InlineData("{\"seq\":0,\"t\":0,\"type\":\"capture_failed\",\"source\":\"claude\"}", "reason")]
    public void Parse_CaptureFailedWithoutARequiredField_NamesIt(string line, string field)
    {
        var error = Assert.Throws<System.Text.Json.JsonException>(() => new Jsonl.JsonlEventReader().Parse(Encoding.UTF8.GetBytes(line)));

        Assert.Contains($"\"{field}\"", error.Message, StringComparison.Ordinal);
    }
}
