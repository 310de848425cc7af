using System.IO.Compression;
using System.Net.Http.Headers;
using InterviewLM.Recording.Claude.Internal;

namespace InterviewLM.Recording.Claude;

/// <summary>Represents an HTTP message handler that records every Anthropic Messages API call (<c>POST …/v1/messages</c>) passing through it.</summary>
/// <remarks>
/// <para>
/// Use it with the official SDK (<c>new AnthropicClient { Handlers = [new ClaudeCaptureHandler(recorder)] }</c>; the SDK needs a
/// new handler instance per client) or in any <see cref="HttpClient"/> pipeline. Other requests pass through untouched.
/// </para>
/// <para>
/// The request body is read once (it stays buffered for sending). A JSON response is read whole and handed on as the same
/// bytes. An event stream (<c>text/event-stream</c>) is handed on as it arrives, unbuffered and unchanged, and parsed on
/// the way; a stream the client abandons is recorded as incomplete. What the client receives is never changed.
/// </para>
/// <para>
/// A short stream's interaction is recorded by the read that brings its <c>message_stop</c>. A long one (past its first
/// 64 KiB) is parsed on the way only that far; the rest is copied as it passes and parsed on the thread pool when the
/// stream ends, so the client's reads are barely slowed and the interaction reaches the recorder shortly after the stream's
/// end. <see cref="ClaudeInteractionRecorder.RecordPendingAsIncomplete"/> records such a call at once, as it ended.
/// </para>
/// <para>
/// No header, URL or query string is ever recorded, so credentials (<c>Authorization</c>, <c>x-api-key</c>, keys in the
/// query) never reach the session; any credential value a request carries is also removed from the recorded text.
/// </para>
/// <para>Only asynchronous sends are recorded; the synchronous <c>HttpClient.Send</c> passes through unrecorded.</para>
/// </remarks>
public sealed class ClaudeCaptureHandler : DelegatingHandler
{
    private readonly ClaudeInteractionRecorder _recorder;

    /// <summary>Initializes a new instance of the <see cref="ClaudeCaptureHandler"/> class with no inner handler (for the SDK's <c>Handlers</c> and handler pipelines).</summary>
    /// <param name="recorder">Where interactions are recorded.</param>
    /// <exception cref="ArgumentNullException"><paramref name="recorder"/> is <see langword="null"/>.</exception>
    public ClaudeCaptureHandler(ClaudeInteractionRecorder recorder)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        _recorder = recorder;
    }

    /// <summary>Initializes a new instance of the <see cref="ClaudeCaptureHandler"/> class that sends through <paramref name="innerHandler"/>.</summary>
    /// <param name="recorder">Where interactions are recorded.</param>
    /// <param name="innerHandler">The handler that sends the requests.</param>
    /// <exception cref="ArgumentNullException"><paramref name="recorder"/> or <paramref name="innerHandler"/> is <see langword="null"/>.</exception>
    public ClaudeCaptureHandler(ClaudeInteractionRecorder recorder, HttpMessageHandler innerHandler)
        : base(innerHandler ?? throw new ArgumentNullException(nameof(innerHandler)))
    {
        ArgumentNullException.ThrowIfNull(recorder);
        _recorder = recorder;
    }

    /// <summary>Initializes a new instance of the <see cref="ClaudeCaptureHandler"/> class that records into a session, through <see cref="ClaudeInteractionRecorder.For(SessionRecorder)"/>.</summary>
    /// <param name="recorder">The session's recorder.</param>
    /// <exception cref="ArgumentNullException"><paramref name="recorder"/> is <see langword="null"/>.</exception>
    public ClaudeCaptureHandler(SessionRecorder recorder)
        : this(ClaudeInteractionRecorder.For(recorder))
    {
    }

    /// <summary>Gets the recorder interactions go to.</summary>
    public ClaudeInteractionRecorder Recorder => _recorder;

    // How much of an event stream is parsed on the client's thread as it passes; tests and benchmarks move it.
    internal int InlineParseBytes { get; init; } = ClaudeCallCapture.DefaultInlineParseBytes;

    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!IsMessagesCall(request))
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var capture = new ClaudeCallCapture(_recorder, CredentialScrubber.FromRequest(request), InlineParseBytes);
        HttpResponseMessage response;
        try
        {
            if (request.Content is { } content)
            {
                // Buffers the content; sending then uses the same buffered bytes.
                capture.ReadRequest(await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
            }

            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            capture.Fail(ex);
            throw;
        }

        capture.SetStatus((int)response.StatusCode);
        try
        {
            var headers = response.Content.Headers;
            if (IsEventStream(headers) && !IsCompressed(headers))
            {
                capture.BeginStream();
                var upstream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                response.Content = WithHeadersOf(new StreamContent(new CaptureReadStream(upstream, capture)), response.Content);
            }
            else if (IsEventStream(headers))
            {
                capture.CompleteUnparsed("response not captured: compressed event stream");
            }
            else
            {
                var original = response.Content;
                var body = await original.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                capture.CompleteWithBody(IsCompressed(headers) ? await DecompressedCopyAsync(body, headers, cancellationToken).ConfigureAwait(false) : body);
                response.Content = WithHeadersOf(new ByteArrayContent(body), original);
                original.Dispose();
            }
        }
        catch (Exception ex)
        {
            capture.Fail(ex);
            response.Dispose();
            throw;
        }

        return response;
    }

    internal static bool IsMessagesCall(HttpRequestMessage request)
        => request.Method == HttpMethod.Post
            && request.RequestUri is { IsAbsoluteUri: true } uri
            && uri.AbsolutePath.EndsWith("/v1/messages", StringComparison.Ordinal);

    private static bool IsEventStream(HttpContentHeaders headers)
        => string.Equals(headers.ContentType?.MediaType, "text/event-stream", StringComparison.OrdinalIgnoreCase);

    // A compressed stream cannot be parsed on the way; it is handed on as it is and only the request and status are recorded.
    private static bool IsCompressed(HttpContentHeaders headers)
        => headers.ContentEncoding.Any(static e => !string.Equals(e, "identity", StringComparison.OrdinalIgnoreCase));

    // The client gets the compressed bytes as they came; the capture reads a decompressed copy.
    private static async Task<byte[]> DecompressedCopyAsync(byte[] body, HttpContentHeaders headers, CancellationToken cancellationToken)
    {
        try
        {
            var bytes = body;
            foreach (var encoding in headers.ContentEncoding.Reverse())
            {
                Stream? decoder = encoding.ToUpperInvariant() switch
                {
                    "GZIP" or "X-GZIP" => new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress),
                    "DEFLATE" => new ZLibStream(new MemoryStream(bytes), CompressionMode.Decompress),
                    "BR" => new BrotliStream(new MemoryStream(bytes), CompressionMode.Decompress),
                    "IDENTITY" => null,
                    _ => throw new InvalidDataException($"Unknown content encoding '{encoding}'."),
                };
                if (decoder is null)
                {
                    continue;
                }

                await using (decoder.ConfigureAwait(false))
                {
                    using var plain = new MemoryStream();
                    await decoder.CopyToAsync(plain, cancellationToken).ConfigureAwait(false);
                    bytes = plain.ToArray();
                }
            }

            return bytes;
        }
        catch (InvalidDataException)
        {
            return []; // unreadable: the status alone is recorded
        }
    }

    private static HttpContent WithHeadersOf(HttpContent replacement, HttpContent original)
    {
        foreach (var header in original.Headers.NonValidated)
        {
            replacement.Headers.Remove(header.Key);
            replacement.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        return replacement;
    }
}
