using System.IO.Compression;
using System.Net.Http.Headers;
using InterviewLM.Recording.Storage;
using InterviewLM.Recording.Storage.Jsonl;
using InterviewLM.Recording.Storage.Gzip;
using System.Text;
using System.Text.Json;
using Anthropic.Exceptions;
using InterviewLM.Recording.Claude.Tests.Infrastructure;

namespace InterviewLM.Recording.Claude.Tests;

public sealed class SecretsTests
{
    [Fact]
    public async Task Capture_EveryKindOfCall_ApiKeyNeverInAnyRecordedByte()
    {
        await using var server = await FakeAnthropicServer.StartAsync();
        var sink = new ListEventSink();
        var session = SessionRecorder.Start(sink);
        var recorder = new ClaudeInteractionRecorder(session);

        using (var client = Sdk.Client(server.BaseUrl, new ClaudeCaptureHandler(recorder)))
        {
            await client.Messages.Create(Sdk.Request());
            server.Script = _ => Replies.Sse(Replies.StreamWithToolUse());
            await foreach (var _ in client.Messages.CreateStreaming(Sdk.Request()))
            {
            }

            server.Script = _ => Replies.Sse(Replies.StreamWithMidStreamError());
            await Assert.ThrowsAsync<AnthropicSseException>(async () =>
            {
                await foreach (var _ in client.Messages.CreateStreaming(Sdk.Request()))
                {
                }
            });

            // An upstream that echoes the key in its error message, and a prompt the key was pasted into.
            server.Script = _ => Replies.Json($$$"""{"type":"error","error":{"type":"authentication_error","message":"invalid key {{{Sdk.ApiKey}}}"}}""", 401);
            await Assert.ThrowsAnyAsync<AnthropicApiException>(() => client.Messages.Create(Sdk.Request($"my key is {Sdk.ApiKey}, keep it")));

            // A long stream (its tail parsed after its end, off the client's thread) that echoes the key near its end.
            server.Script = _ => Replies.Sse(Replies.StreamWithTexts([.. Enumerable.Range(0, 3000).Select(i => $"word {i} of a long answer, "), $"your key: {Sdk.ApiKey}."]));
            await foreach (var _ in client.Messages.CreateStreaming(Sdk.Request()))
            {
            }
        }

        // A plain HttpClient sending the key as x-api-key and in the query string.
        server.Script = _ => Replies.Json(Replies.TextMessage);
        using (var http = new HttpClient(new ClaudeCaptureHandler(recorder, new SocketsHttpHandler())))
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{server.BaseUrl}/v1/messages?api_key={Sdk.ApiKey}&beta=true")
            {
                Content = new StringContent("""{"model":"claude-test","max_tokens":5,"messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("x-api-key", Sdk.ApiKey);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Sdk.ApiKey);
            using var response = await http.SendAsync(request);
            Assert.Equal(200, (int)response.StatusCode);
        }

        await session.CompleteAsync();

        // The key really went over the wire every time...
        Assert.Equal(6, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.Contains(Sdk.ApiKey, string.Join("\n", r.Headers.Values) + r.Query, StringComparison.Ordinal));
        // ...every call was recorded...
        var interactions = sink.Events.Select(e => e.Event).OfType<ClaudeInteraction>().ToList();
        Assert.Equal(6, interactions.Count);
        Assert.Equal("my key is [REDACTED], keep it", interactions[3].Prompt);
        Assert.Equal("authentication_error: invalid key [REDACTED]", interactions[3].Error);
        Assert.EndsWith("your key: [REDACTED].", interactions[4].Response, StringComparison.Ordinal);
        // ...and no byte recorded holds it, in any encoding of the events.
        foreach (var recorded in sink.Events)
        {
            var json = JsonSerializer.Serialize(recorded.Event, recorded.Event.GetType());
            Assert.DoesNotContain(Sdk.ApiKey, json, StringComparison.Ordinal);
            Assert.DoesNotContain(Sdk.ApiKey, recorded.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(Sdk.ApiKey[^20..], json, StringComparison.Ordinal);
        }

        var projection = new ClaudeInteractionsProjection();
        foreach (var recorded in sink.Events)
        {
            projection.Apply(recorded);
        }

        Assert.Equal(6, projection.Count);
        Assert.DoesNotContain(Sdk.ApiKey, Encoding.UTF8.GetString(projection.ToArray()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Capture_IntoSessionDirectory_ApiKeyInNoFileOfTheDirectory(bool gzip)
    {
        await using var server = await FakeAnthropicServer.StartAsync();
        var root = Path.Combine(Path.GetTempPath(), "ilmrec-claude-secrets-" + Guid.NewGuid().ToString("N"));
        var directory = Path.Combine(root, "sess_secrets");
        try
        {
            var storage = new SessionStorageOptions { Codec = gzip ? GzipJsonlCodec.Instance : JsonlCodec.Instance };
            await using (var session = await new SessionPipelineBuilder().UseClaudeInteractions().StartAsync(new DirectorySessionStore(root), new SessionRecorderOptions { SessionId = "sess_secrets" }, storage))
            {
                await using (var proxy = await ClaudeRecordingProxy.StartAsync(new Uri(server.BaseUrl + "/?key=" + Sdk.ApiKey), session))
                using (var client = Sdk.Client(proxy.BaseUrl.ToString().TrimEnd('/')))
                {
                    await client.Messages.Create(Sdk.Request($"the key is {Sdk.ApiKey}"));
                    server.Script = _ => Replies.Sse(Replies.StreamWithToolUse());
                    await foreach (var _ in client.Messages.CreateStreaming(Sdk.Request()))
                    {
                    }
                }

                await session.CompleteAsync();
            }

            var files = Directory.GetFiles(directory, "*", SearchOption.AllDirectories);
            Assert.Contains(files, f => Path.GetFileName(f) == ClaudeInteractionsProjection.FileName);
            var key = Encoding.UTF8.GetBytes(Sdk.ApiKey);
            var interactions = 0;
            foreach (var file in files)
            {
                var bytes = await File.ReadAllBytesAsync(file);
                Assert.True(bytes.AsSpan().IndexOf(key) < 0, $"{file} holds the API key");
                if (bytes.Length > 2 && bytes[0] == 0x1f && bytes[1] == 0x8b)
                {
                    using var unzipped = new MemoryStream();
                    await using (var gzipStream = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress))
                    {
                        await gzipStream.CopyToAsync(unzipped);
                    }

                    bytes = unzipped.ToArray();
                    Assert.True(bytes.AsSpan().IndexOf(key) < 0, $"{file} holds the API key once decompressed");
                }

                interactions += Encoding.UTF8.GetString(bytes).Split("claude_interaction").Length - 1;
            }

            Assert.True(interactions >= 2, "the interactions were stored");

            // The portable ZIP export: every entry, stored or deflated, decompressed gzip included.
            var zipPath = directory + ".zip";
            await SessionZip.ExportAsync(DirectorySessionObjects.Open(directory), zipPath);
            try
            {
                Assert.True((await File.ReadAllBytesAsync(zipPath)).AsSpan().IndexOf(key) < 0, "the ZIP file holds the API key");
                using var zip = System.IO.Compression.ZipFile.OpenRead(zipPath);
                Assert.Equal(files.Length, zip.Entries.Count);
                foreach (var entry in zip.Entries)
                {
                    using var content = new MemoryStream();
                    await using (var entryStream = entry.Open())
                    {
                        await entryStream.CopyToAsync(content);
                    }

                    var bytes = content.ToArray();
                    if (bytes.Length > 2 && bytes[0] == 0x1f && bytes[1] == 0x8b)
                    {
                        using var unzipped = new MemoryStream();
                        await using (var gzipStream = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress))
                        {
                            await gzipStream.CopyToAsync(unzipped);
                        }

                        bytes = unzipped.ToArray();
                    }

                    Assert.True(bytes.AsSpan().IndexOf(key) < 0, $"ZIP entry {entry.FullName} holds the API key");
                }
            }
            finally
            {
                File.Delete(zipPath);
            }
            Assert.Equal(2, server.Requests.Count(r => r.Query.Contains(Sdk.ApiKey, StringComparison.Ordinal) && r.Headers["authorization"].Contains(Sdk.ApiKey, StringComparison.Ordinal)));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
