using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace InterviewLM.Recording.Claude.Tests.Infrastructure;

/// <summary>A Kestrel server on 127.0.0.1 that speaks the Anthropic Messages wire format (JSON and SSE), scripted per test.</summary>
public sealed class FakeAnthropicServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeAnthropicServer(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    /// <summary>Every request received: its headers (lower-case names), its query and its body.</summary>
    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    /// <summary>Decides the reply to each request; the default replies with <see cref="Replies.TextMessage"/>.</summary>
    public Func<ReceivedRequest, Reply> Script { get; set; } = _ => Replies.Json(Replies.TextMessage);

    public static async Task<FakeAnthropicServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeAnthropicServer? server = null;
        app.Run(context => server!.HandleAsync(context));
        await app.StartAsync();
        server = new FakeAnthropicServer(app, app.Urls.First());
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        var request = new ReceivedRequest(
            context.Request.Method,
            context.Request.Path.Value ?? "",
            context.Request.QueryString.Value ?? "",
            context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
            body);
        Requests.Enqueue(request);
        var reply = Script(request);
        context.Response.StatusCode = reply.Status;
        foreach (var (name, value) in reply.Headers)
        {
            context.Response.Headers[name] = value;
        }

        if (reply.Events is null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(reply.Body ?? "", context.RequestAborted);
            return;
        }

        context.Response.ContentType = "text/event-stream";
        await context.Response.Body.FlushAsync(context.RequestAborted);
        try
        {
            foreach (var sseEvent in reply.Events)
            {
                if (reply.BeforeEvent is { } gate)
                {
                    await gate(sseEvent);
                }

                await context.Response.WriteAsync(sseEvent.ToWire(), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }

            if (reply.AfterLastEvent is { } after)
            {
                await after();
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away: that is what abandonment tests do.
        }
    }
}

public sealed record ReceivedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string BodyText => Encoding.UTF8.GetString(Body);
}

public sealed record SseEvent(string Name, string Data)
{
    public string ToWire() => $"event: {Name}\ndata: {Data}\n\n";
}

public sealed record Reply(int Status, string? Body, IReadOnlyList<SseEvent>? Events)
{
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Awaited before each event is written (a test's gate, to interleave the server with the client).</summary>
    public Func<SseEvent, Task>? BeforeEvent { get; init; }

    public Func<Task>? AfterLastEvent { get; init; }
}
