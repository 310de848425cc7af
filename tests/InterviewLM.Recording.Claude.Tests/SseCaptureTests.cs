using System.Text;
using FsCheck;
using FsCheck.Xunit;
using InterviewLM.Recording.Claude.Internal;
using InterviewLM.Recording.Claude.Tests.Infrastructure;

namespace InterviewLM.Recording.Claude.Tests;

public sealed class SseCaptureTests
{
    private static readonly System.Text.Json.JsonSerializerOptions s_relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly byte[] s_wire = Encoding.UTF8.GetBytes(string.Concat(Replies.StreamWithToolUse().Select(e => e.ToWire())));

    [Fact]
    public async Task SendAsync_EventStream_ClientReceivesEveryByteUnchangedAndUnbuffered()
    {
        await using var server = await FakeAnthropicServer.StartAsync();
        var sink = new ListClaudeSink();
        using var gate = new SemaphoreSlim(0);
        server.Script = _ => Replies.Sse(Replies.StreamWithToolUse()) with
        {
            BeforeEvent = e => e.Name == "message_start" ? Task.CompletedTask : gate.WaitAsync(),
        };
        using var http = new HttpClient(new ClaudeCaptureHandler(new ClaudeInteractionRecorder(sink), new SocketsHttpHandler()));
        using var request = new HttpRequestMessage(HttpMethod.Post, server.BaseUrl + "/v1/messages")
        {
            Content = new StringContent("""{"model":"claude-test","max_tokens":5,"stream":true,"messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
        };

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var received = new MemoryStream();
        var buffer = new byte[7];
        var first = Encoding.UTF8.GetByteCount(Replies.StreamWithToolUse()[0].ToWire());
        // The first event arrives while the server is still held: nothing waits for more bytes.
        while (received.Length < first)
        {
            var n = await body.ReadAsync(buffer);
            Assert.True(n > 0);
            received.Write(buffer, 0, n);
        }

        Assert.Equal(first, received.Length);
        gate.Release(100);
        await body.CopyToAsync(received);

        Assert.Equal(s_wire, received.ToArray());
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var interaction = Assert.Single(sink.Items);
        Assert.Equal("Hello wörld 😀", interaction.Response);
        Assert.Equal("hi", interaction.Prompt);
        Assert.False(interaction.Incomplete);
    }

    [Property(MaxTest = 200)]
    public bool Feed_AnySplitAndLineEnding_SameInteractionAsWholeStream(PositiveInt[] cuts, bool crlf)
    {
        var wire = crlf ? Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(s_wire).Replace("\n", "\r\n", StringComparison.Ordinal)) : s_wire;
        var whole = Parse([wire]);
        var chunks = new List<byte[]>();
        var offset = 0;
        foreach (var cut in cuts)
        {
            var length = Math.Min(cut.Get % 40, wire.Length - offset);
            chunks.Add(wire[offset..(offset + length)]);
            offset += length;
        }

        chunks.Add(wire[offset..]);
        return Parse(chunks) == whole && whole.Response == "Hello wörld 😀" && whole.ToolUses[0].InputJson == "{\"path\":\"src/a.cs\"}";
    }

    [Property(MaxTest = 300)]
    public bool Feed_TextDeltaAnyTextAnyEscaping_RecordsTheText(NonNull<string> value, bool relaxed)
    {
        var text = value.Get;
        if (Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text)) != text)
        {
            return true; // lone surrogates are not text an API sends
        }

        var options = relaxed ? s_relaxed : System.Text.Json.JsonSerializerOptions.Default;
        var encoded = System.Text.Json.JsonSerializer.Serialize(text, options);
        var wire = string.Concat(Replies.StreamWithToolUse().Take(3).Select(e => e.ToWire()))
            + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":" + encoded + "}}\n\n"
            + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"!\"}}\n\n";
        return Parse([Encoding.UTF8.GetBytes(wire)]).Response == text + "!";
    }

    [Property(MaxTest = 300)]
    public bool Feed_DeltasOfAnyTextCutAnywhereAnyLineEnding_RecordsTheirConcatenation(NonNull<string>[] texts, PositiveInt[] cuts, byte lineEnding)
    {
        // Unescaped non-ASCII text travels as raw UTF-8, so cuts split its multi-byte sequences across reads; a data line
        // may start, or end, anywhere in a read.
        var eol = (lineEnding % 3) switch { 0 => "\n", 1 => "\r\n", _ => "\r" };
        // A long first delta makes the text span several 16 KiB chunks of the builder, where ASCII and other text decode differently.
        // FsCheck's strings are mostly ASCII, and the serializer escapes 😀: every delta also ends in raw characters of two,
        // three and four UTF-8 bytes.
        var deltas = texts.Select(t => t.Get).Where(t => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(t)) == t).Prepend(new string('a', 17_000)).ToList();
        var events = Replies.StreamWithToolUse().Take(3).Select(e => e.ToWire())
            .Concat(deltas.Select(t => "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":"
                + System.Text.Json.JsonSerializer.Serialize(t, s_relaxed)[..^1] + "é—😀\"}}\n\n"))
            .Append("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
        var wire = Encoding.UTF8.GetBytes(string.Concat(events).Replace("\n", eol, StringComparison.Ordinal));
        var chunks = new List<byte[]>();
        var offset = 0;
        for (var i = 0; offset < wire.Length; i++)
        {
            var length = Math.Min(wire.Length - offset, cuts.Length == 0 ? wire.Length : (cuts[i % cuts.Length].Get % 200) + 1);
            chunks.Add(wire[offset..(offset + length)]);
            offset += length;
        }

        var interaction = Parse(chunks);
        return interaction.Response == string.Concat(deltas.Select(t => t + "é—😀")) && !interaction.Incomplete;
    }

    [Fact]
    public void Feed_UnknownEventsAndDeltaTypes_Ignored()
    {
        var extra = string.Concat(Replies.StreamWithToolUse().Take(3).Select(e => e.ToWire()))
            + "event: something_new\ndata: {\"type\":\"something_new\",\"x\":[1,{\"y\":2}]}\n\n"
            + ": a comment\n"
            + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"citations_delta\",\"citation\":{\"text\":\"no\"}}}\n\n"
            + "data: {\"index\":0,\"delta\":{\"text\":\"A\",\"type\":\"text_delta\"},\n"
            + "data: \"type\":\"content_block_delta\"}\n\n";
        var interaction = Parse([Encoding.UTF8.GetBytes(extra)]);

        Assert.Equal("A", interaction.Response); // multi-line data and an unusual property order still parse
        Assert.Equal("msg_01", interaction.InteractionId);
    }

    private static ClaudeInteraction Parse(IEnumerable<byte[]> chunks)
    {
        var draft = new InteractionDraft();
        var reader = new ClaudeSseReader(draft);
        foreach (var chunk in chunks)
        {
            reader.Feed(chunk);
        }

        return draft.Build(incomplete: !reader.SawMessageStop, CredentialScrubber.None);
    }
}
