using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Anthropic;
using Anthropic.Models.Messages;
using BenchmarkDotNet.Attributes;
using InterviewLM.Recording;
using InterviewLM.Recording.Claude;

namespace InterviewLM.Recording.Benchmarks.Claude;

/// <summary>
/// Overhead of <see cref="ClaudeCaptureHandler"/> against the same pipeline with no handler, in the same run, with an
/// in-process fake inner handler (no network). Targets: at most 50 µs added per non-streaming call; at most 5 % off the
/// throughput of a 1 MB event stream.
/// </summary>
/// <remarks>Run: <c>dotnet run -c Release --project benchmarks/InterviewLM.Recording.Benchmarks -- --filter '*ClaudeCaptureHandler*'</c>.</remarks>
[MemoryDiagnoser]
[MedianColumn]
[MinColumn] // the shared machine is noisy: the fastest iteration shows the cost with the least interference
public class ClaudeCaptureHandlerBenchmarks
{
    private const string RequestJson =
        """{"model":"claude-sonnet-4-6","max_tokens":1024,"system":"You are an interviewer.","messages":[{"role":"user","content":"Explain this diff"},{"role":"assistant","content":"It renames a variable."},{"role":"user","content":"Why?"}],"tools":[{"name":"run_tests","input_schema":{"type":"object"}}]}""";

    private const string StreamingRequestJson =
        """{"model":"claude-sonnet-4-6","max_tokens":1024,"stream":true,"messages":[{"role":"user","content":"Write a long essay"}]}""";

    private static readonly byte[] s_messageJson = Encoding.UTF8.GetBytes(
        """{"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-6","content":[{"type":"text","text":"Because the old name hid its purpose; the new one says what it holds."},{"type":"tool_use","id":"toolu_01","name":"run_tests","input":{"path":"src/a.cs"}}],"stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":120,"output_tokens":31,"cache_creation_input_tokens":0,"cache_read_input_tokens":64}}""");

    private byte[] _stream = [];
    private HttpClient _plainJson = null!;
    private HttpClient _capturedJson = null!;
    private HttpClient _plainSse = null!;
    private HttpClient _capturedSse = null!;
    private AnthropicClient _plainSdk = null!;
    private AnthropicClient _capturedSdk = null!;
    private AnthropicClient _passThroughSdk = null!;
    private AnthropicClient _capturedInlineSdk = null!;
    private readonly byte[] _readBuffer = new byte[16 * 1024];
    private static string? s_responseSized;

    /// <summary>Gets or sets the size of the event stream, in bytes.</summary>
    [Params(1 << 20)]
    public int StreamBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _stream = BuildStream(StreamBytes);
        var recorder = new ClaudeInteractionRecorder(new DiscardingSink());
        _plainJson = new HttpClient(new FakeInnerHandler(() => Json(s_messageJson)));
        _capturedJson = new HttpClient(new ClaudeCaptureHandler(recorder, new FakeInnerHandler(() => Json(s_messageJson))));
        _plainSse = new HttpClient(new FakeInnerHandler(() => Sse(_stream)));
        _capturedSse = new HttpClient(new ClaudeCaptureHandler(recorder, new FakeInnerHandler(() => Sse(_stream))));
        _plainSdk = SdkClient(_stream, null);
        _capturedSdk = SdkClient(_stream, new ClaudeCaptureHandler(recorder));
        _passThroughSdk = SdkClient(_stream, new PassThroughHandler());
        _capturedInlineSdk = SdkClient(_stream, new ClaudeCaptureHandler(recorder) { InlineParseBytes = int.MaxValue });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _plainJson.Dispose();
        _capturedJson.Dispose();
        _plainSse.Dispose();
        _capturedSse.Dispose();
        _plainSdk.Dispose();
        _capturedSdk.Dispose();
        _passThroughSdk.Dispose();
        _capturedInlineSdk.Dispose();
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("NonStreaming")]
    public Task<int> NonStreaming_NoHandler() => SendJsonAsync(_plainJson);

    [Benchmark]
    [BenchmarkCategory("NonStreaming")]
    public Task<int> NonStreaming_WithCapture() => SendJsonAsync(_capturedJson);

    /// <summary>Reads the raw 1 MB stream: the worst case, where the client itself does no work.</summary>
    [Benchmark]
    [BenchmarkCategory("SseRaw")]
    public Task<long> Sse1MB_RawRead_NoHandler() => ReadStreamAsync(_plainSse);

    [Benchmark]
    [BenchmarkCategory("SseRaw")]
    public Task<long> Sse1MB_RawRead_WithCapture() => ReadStreamAsync(_capturedSse);

    /// <summary>Consumes the 1 MB stream through the official SDK, as a real client does.</summary>
    [Benchmark]
    [BenchmarkCategory("SseSdk")]
    public Task<int> Sse1MB_Sdk_NoHandler() => ConsumeWithSdkAsync(_plainSdk);

    /// <summary>The SDK with a handler that does nothing: what any handler in <c>Handlers</c> costs, capture or not.</summary>
    [Benchmark]
    [BenchmarkCategory("SseSdk")]
    public Task<int> Sse1MB_Sdk_PassThroughHandler() => ConsumeWithSdkAsync(_passThroughSdk);

    /// <summary>
    /// No handler, but one string the size of the recorded response (287,000 characters, as the capture's decoded text)
    /// allocated per call: the one allocation the event model requires (<see cref="ClaudeInteraction.Response"/> is a
    /// string), measured apart from the handler's own work.
    /// </summary>
    [Benchmark]
    [BenchmarkCategory("SseSdk")]
    public async Task<int> Sse1MB_Sdk_NoHandlerPlusLohString()
    {
        var count = await ConsumeWithSdkAsync(_plainSdk).ConfigureAwait(false);
        s_responseSized = new string('x', 287_000); // kept in a field so the allocation is not optimized away
        return count + s_responseSized.Length;
    }

    [Benchmark]
    [BenchmarkCategory("SseSdk")]
    public Task<int> Sse1MB_Sdk_WithCapture() => ConsumeWithSdkAsync(_capturedSdk);

    /// <summary>The capture as it was before long streams were parsed off the client's thread: every byte parsed as it passes.</summary>
    [Benchmark]
    [BenchmarkCategory("SseSdk")]
    public Task<int> Sse1MB_Sdk_WithCaptureParsedInline() => ConsumeWithSdkAsync(_capturedInlineSdk);

    private static async Task<int> SendJsonAsync(HttpClient client)
    {
        using var content = new StringContent(RequestJson, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("http://fake/v1/messages", content).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        return body.Length;
    }

    private async Task<long> ReadStreamAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://fake/v1/messages") { Content = new StringContent(StreamingRequestJson, Encoding.UTF8, "application/json") };
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        await using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        long total = 0;
        int read;
        while ((read = await stream.ReadAsync(_readBuffer).ConfigureAwait(false)) > 0)
        {
            total += read;
        }

        return total;
    }

    /// <summary>An SDK client whose every call streams <paramref name="stream"/> from the fake inner handler, through <paramref name="handler"/> if any.</summary>
    internal static AnthropicClient SdkClient(byte[] stream, DelegatingHandler? handler) => new()
    {
        ApiKey = "bench",
        BaseUrl = "http://fake",
        MaxRetries = 0,
        HttpClient = new HttpClient(new FakeInnerHandler(() => Sse(stream))),
        Handlers = handler is null ? [] : [handler],
    };

    internal static async Task<int> ConsumeWithSdkAsync(AnthropicClient client)
    {
        var count = 0;
        var request = new MessageCreateParams { Model = "claude-sonnet-4-6", MaxTokens = 1024, Messages = [new UserMessageParam("Write a long essay")] };
        await foreach (var _ in client.Messages.CreateStreaming(request).ConfigureAwait(false))
        {
            count++;
        }

        return count;
    }

    internal static byte[] BuildStream(int size)
    {
        var text = new StringBuilder();
        text.Append("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_01\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-6\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":25,\"output_tokens\":1}}}\n\n");
        text.Append("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
        var n = 0;
        while (text.Length < size - 400)
        {
            text.Append("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"word ")
                .Append(n++).Append(" of a long and thoughtful answer, \"}}\n\n");
        }

        text.Append("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n");
        text.Append("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":").Append(n).Append("}}\n\n");
        text.Append("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static HttpResponseMessage Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
    }

    private static HttpResponseMessage Sse(byte[] body)
    {
        // Chunked like a network stream: at most 4 KiB per read.
        var content = new StreamContent(new ChunkedReadStream(body, 4096));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/event-stream");
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
    }

    private sealed class FakeInnerHandler(Func<HttpResponseMessage> respond) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Content is { } content)
            {
                await content.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false); // a transport sends the body
            }

            return respond();
        }
    }

    private sealed class PassThroughHandler : DelegatingHandler
    {
    }

    internal sealed class DiscardingSink : IClaudeInteractionSink
    {
        public void Record(ClaudeInteraction interaction)
        {
        }
    }

    private sealed class ChunkedReadStream(byte[] data, int chunk) : MemoryStream(data, writable: false)
    {
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, chunk)]);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            => base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => base.ReadAsync(buffer, offset, Math.Min(count, chunk), cancellationToken);
    }
}
