using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace InterviewLM.Recording.Claude.Tests.Infrastructure;

/// <summary>
/// An inner handler whose event stream has all arrived: each read returns as many bytes as asked for, while there are
/// any. With <c>failAfter</c>, the connection drops after that many bytes (the next read throws an <see cref="IOException"/>).
/// </summary>
public sealed class StreamingInnerHandler(byte[] wire, int failAfter = int.MaxValue) : HttpMessageHandler
{
    private const string StreamingRequest = """{"model":"claude-test","max_tokens":5,"stream":true,"messages":[{"role":"user","content":"hi"}]}""";

    /// <summary>Sends a streaming Messages API request through <paramref name="http"/>, returning once the headers are in.</summary>
    public static Task<HttpResponseMessage> SendAsync(HttpClient http)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "http://fake/v1/messages") { Content = new StringContent(StreamingRequest, Encoding.UTF8, "application/json") };
        return http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var content = new StreamContent(failAfter == int.MaxValue ? new MemoryStream(wire, writable: false) : new FailingStream(wire, failAfter));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/event-stream");
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
    }

    private sealed class FailingStream(byte[] wire, int failAfter) : MemoryStream(wire, writable: false)
    {
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (Position >= failAfter)
            {
                throw new IOException("connection reset");
            }

            return base.Read(buffer, offset, (int)Math.Min(count, failAfter - Position));
        }

        public override int Read(Span<byte> buffer)
        {
            var array = new byte[buffer.Length];
            var n = Read(array, 0, array.Length);
            array.AsSpan(0, n).CopyTo(buffer);
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));
    }
}
