using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace InterviewLM.Recording.Claude;

/// <summary>Represents a recording reverse proxy on 127.0.0.1 that forwards every request to an upstream Anthropic API and records each Messages call through <see cref="ClaudeCaptureHandler"/>.</summary>
/// <remarks>
/// <para>
/// Point any Claude client at <see cref="BaseUrl"/> (for the official SDKs and Claude Code: set the
/// <c>ANTHROPIC_BASE_URL</c> environment variable, <see cref="BaseUrlEnvironmentVariable"/>) and its calls are recorded
/// whatever language it is written in. Responses, event streams included, are passed on chunk by chunk as they arrive,
/// each flushed at once. Credentials are forwarded to the upstream but never recorded.
/// </para>
/// <para>
/// The proxy asks the upstream for uncompressed responses (it drops the client's <c>Accept-Encoding</c>) so that it can
/// read them; hop-by-hop headers are not forwarded. It listens on the loopback interface only.
/// </para>
/// </remarks>
public sealed class ClaudeRecordingProxy : IAsyncDisposable
{
    /// <summary>The environment variable the official Anthropic SDKs read their base URL from.</summary>
    public const string BaseUrlEnvironmentVariable = "ANTHROPIC_BASE_URL";

    private static readonly HashSet<string> s_hopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization", "TE", "Trailer",
        "Transfer-Encoding", "Upgrade", "Host", "Accept-Encoding", "Expect",
    };

    private readonly WebApplication _app;
    private readonly HttpClient _upstreamClient;
    private readonly Uri _upstream;

    private ClaudeRecordingProxy(WebApplication app, HttpClient upstreamClient, Uri upstream)
    {
        _app = app;
        _upstreamClient = upstreamClient;
        _upstream = upstream;
    }

    /// <summary>Gets the proxy's base URL, for example <c>http://127.0.0.1:41234</c>: give it to clients as their Anthropic base URL.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Gets the upstream every request is forwarded to.</summary>
    public Uri Upstream => _upstream;

    /// <summary>Starts a proxy on 127.0.0.1 and a free port that records into <paramref name="recorder"/>.</summary>
    /// <param name="upstream">The upstream base URL, for example <c>https://api.anthropic.com</c>; request paths are appended to it.</param>
    /// <param name="recorder">Where interactions are recorded.</param>
    /// <param name="port">The port to listen on, or 0 for a free one.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The running proxy; dispose it to stop it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="upstream"/> or <paramref name="recorder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="upstream"/> is not an absolute http or https URL.</exception>
    public static async Task<ClaudeRecordingProxy> StartAsync(Uri upstream, ClaudeInteractionRecorder recorder, int port = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        ArgumentNullException.ThrowIfNull(recorder);
        if (!upstream.IsAbsoluteUri || (upstream.Scheme != Uri.UriSchemeHttp && upstream.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"The upstream must be an absolute http or https URL; '{upstream}' is not.", nameof(upstream));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);

        var transport = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        var upstreamClient = new HttpClient(new ClaudeCaptureHandler(recorder, transport)) { Timeout = Timeout.InfiniteTimeSpan };

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options =>
        {
            options.Listen(IPAddress.Loopback, port);
            options.AddServerHeader = false;
            // The API takes requests of up to 32 MB (images, documents); Kestrel's 30 MB default would refuse some.
            options.Limits.MaxRequestBodySize = null;
        });
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var proxy = new ClaudeRecordingProxy(app, upstreamClient, upstream);
        app.Run(proxy.ForwardAsync);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            upstreamClient.Dispose();
            throw;
        }

        proxy.BaseUrl = new Uri(app.Urls.First());
        return proxy;
    }

    /// <summary>Starts a proxy on 127.0.0.1 and a free port that records into a session, through <see cref="ClaudeInteractionRecorder.For(SessionRecorder)"/>.</summary>
    /// <param name="upstream">The upstream base URL, for example <c>https://api.anthropic.com</c>.</param>
    /// <param name="recorder">The session's recorder.</param>
    /// <returns>The running proxy; dispose it to stop it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="upstream"/> or <paramref name="recorder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="upstream"/> is not an absolute http or https URL.</exception>
    public static Task<ClaudeRecordingProxy> StartAsync(Uri upstream, SessionRecorder recorder) => StartAsync(upstream, recorder, CancellationToken.None);

    /// <summary>Starts a proxy on 127.0.0.1 and a free port that records into a session, through <see cref="ClaudeInteractionRecorder.For(SessionRecorder)"/>.</summary>
    /// <param name="upstream">The upstream base URL, for example <c>https://api.anthropic.com</c>.</param>
    /// <param name="recorder">The session's recorder.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The running proxy; dispose it to stop it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="upstream"/> or <paramref name="recorder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="upstream"/> is not an absolute http or https URL.</exception>
    public static Task<ClaudeRecordingProxy> StartAsync(Uri upstream, SessionRecorder recorder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        return StartAsync(upstream, ClaudeInteractionRecorder.For(recorder), 0, cancellationToken);
    }

    /// <summary>Stops listening, ends the requests still running and releases the upstream connections.</summary>
    /// <returns>A task that completes when the proxy has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        _upstreamClient.Dispose();
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var aborted = context.RequestAborted;
        using var request = CreateUpstreamRequest(context);
        HttpResponseMessage response;
        try
        {
            response = await _upstreamClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, aborted).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            await WriteProxyErrorAsync(context, $"The recording proxy could not reach the upstream: {ex.Message}").ConfigureAwait(false);
            return;
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            return;
        }

        using (response)
        {
            context.Response.StatusCode = (int)response.StatusCode;
            CopyResponseHeaders(response, context.Response);
            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            var body = await response.Content.ReadAsStreamAsync(aborted).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                try
                {
                    await context.Response.StartAsync(aborted).ConfigureAwait(false);
                    var buffer = new byte[16 * 1024];
                    int read;
                    while ((read = await body.ReadAsync(buffer, aborted).ConfigureAwait(false)) > 0)
                    {
                        await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), aborted).ConfigureAwait(false);
                        await context.Response.Body.FlushAsync(aborted).ConfigureAwait(false);
                    }
                }
                catch (OperationCanceledException) when (aborted.IsCancellationRequested)
                {
                    // The client went away; disposing the body records the call as incomplete.
                }
                catch (IOException)
                {
                    // The upstream or the client broke the connection: the capture has recorded what it saw.
                    context.Abort();
                }
            }
        }
    }

    private HttpRequestMessage CreateUpstreamRequest(HttpContext context)
    {
        var incoming = context.Request;
        var target = new UriBuilder(_upstream)
        {
            Path = _upstream.AbsolutePath.TrimEnd('/') + incoming.Path.Value,
            // The upstream's own query (if any) comes first, then the client's.
            Query = string.Join('&', new[] { _upstream.Query.TrimStart('?'), incoming.QueryString.HasValue ? incoming.QueryString.Value![1..] : "" }.Where(static q => q.Length > 0)),
        }.Uri;
        var request = new HttpRequestMessage(new HttpMethod(incoming.Method), target);
        if (incoming.ContentLength > 0 || incoming.Headers.TransferEncoding.Count > 0)
        {
            request.Content = new StreamContent(incoming.Body);
        }

        foreach (var header in incoming.Headers)
        {
            if (s_hopByHop.Contains(header.Key))
            {
                continue;
            }

            if (!request.Headers.TryAddWithoutValidation(header.Key, (IEnumerable<string?>)header.Value))
            {
                request.Content?.Headers.TryAddWithoutValidation(header.Key, (IEnumerable<string?>)header.Value);
            }
        }

        return request;
    }

    private static void CopyResponseHeaders(HttpResponseMessage response, HttpResponse outgoing)
    {
        foreach (var header in response.Headers.NonValidated.Concat(response.Content.Headers.NonValidated))
        {
            if (!s_hopByHop.Contains(header.Key))
            {
                outgoing.Headers[header.Key] = header.Value.ToArray();
            }
        }
    }

    private static async Task WriteProxyErrorAsync(HttpContext context, string message)
    {
        context.Response.StatusCode = StatusCodes.Status502BadGateway;
        context.Response.ContentType = "application/json";
        var body = "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":" + System.Text.Json.JsonSerializer.Serialize(message, Internal.ClaudeJsonContext.Default.String) + "}}";
        await context.Response.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }
}
