using System.Net;
using System.Net.Http.Headers;
using System.Text;
using InterviewLM.Recording.Claude.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace InterviewLM.Recording.Claude.Tests;

/// <summary>
/// An event stream whose bytes have all arrived, so that every read fills the client's buffer (the case the 1 MB
/// benchmark measures, and any stream the client reads more slowly than it comes): the client's bytes, the recorded
/// interaction and its times are those of the stream read by read.
/// </summary>
public sealed class BurstReadCaptureTests
{

    [Theory]
    [InlineData(100)]
    [InlineData(1000)]
    [InlineData(7001)]
    public async Task SendAsync_EveryReadFillsTheBuffer_SameBytesSameInteractionTimedByRead(int readSize)
    {
        var wire = Wire.Build(deltas: 500);
        Assert.NotEqual(0, wire.Bytes.Length % readSize); // the last read is short, as at the end of any stream
        var clock = new FakeTimeProvider();
        var sink = new ListClaudeSink();
        using var http = Client(sink, clock, wire.Bytes);
        using var response = await StreamingInnerHandler.SendAsync(http);
        await using var body = await response.Content.ReadAsStreamAsync();
        var received = new MemoryStream();
        var buffer = new byte[readSize];
        var reads = 0;
        int n;
        while (true)
        {
            clock.Advance(TimeSpan.FromMilliseconds(1)); // read k happens at k ms
            n = await body.ReadAsync(buffer);
            if (n == 0)
            {
                break;
            }

            reads++;
            received.Write(buffer, 0, n);
            // The read that brought message_stop records the call, before the client reads the end of the stream.
            Assert.Equal(received.Length == wire.Bytes.Length, sink.Items.Count == 1);
        }

        Assert.Equal(wire.Bytes, received.ToArray());
        var interaction = Assert.Single(sink.Items);
        Assert.Equal(wire.Text, interaction.Response);
        Assert.False(interaction.Incomplete);
        Assert.Equal("end_turn", interaction.StopReason);
        Assert.Equal(new ClaudeUsage(25, 500, 4, 6), interaction.Usage);
        var firstTokenRead = (wire.FirstDeltaLineEnd + readSize - 1) / readSize;
        Assert.Equal(TimeSpan.FromMilliseconds(firstTokenRead), interaction.TimeToFirstToken);
        Assert.Equal(TimeSpan.FromMilliseconds(reads), interaction.Latency);
    }

    [Fact]
    public async Task Dispose_AllBytesReadInFullReadsButNotTheEnd_RecordsTheCallComplete()
    {
        const int readSize = 500;
        var wire = Wire.Build(deltas: 60, padTo: readSize); // ~7 KB, a whole number of reads
        var sink = new ListClaudeSink();
        var recorder = new ClaudeInteractionRecorder(sink);
        using var http = new HttpClient(new ClaudeCaptureHandler(recorder, new StreamingInnerHandler(wire.Bytes)));
        using var response = await StreamingInnerHandler.SendAsync(http);
        var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[readSize];
        for (var read = 0; read < wire.Bytes.Length; read += readSize)
        {
            await body.ReadExactlyAsync(buffer);
            Assert.Equal(wire.Bytes[read..(read + readSize)], buffer);
        }

        await body.DisposeAsync(); // the SDK stops at message_stop and may dispose the stream without reading its end

        var interaction = Assert.Single(sink.Items);
        Assert.False(interaction.Incomplete);
        Assert.Equal(wire.Text, interaction.Response);
        Assert.Equal("end_turn", interaction.StopReason);
        Assert.Equal(0, recorder.PendingCount);
    }

    [Fact]
    public async Task RecordPendingAsIncomplete_StreamReadPartly_RecordsEverythingTheClientReceived()
    {
        const int readSize = 500;
        const int received = 20 * readSize;
        var wire = Wire.Build(deltas: 500);
        var sink = new ListClaudeSink();
        var recorder = new ClaudeInteractionRecorder(sink);
        using var http = new HttpClient(new ClaudeCaptureHandler(recorder, new StreamingInnerHandler(wire.Bytes)));
        using var response = await StreamingInnerHandler.SendAsync(http);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[readSize];
        for (var read = 0; read < received; read += readSize)
        {
            await body.ReadExactlyAsync(buffer);
        }

        Assert.Equal(1, recorder.RecordPendingAsIncomplete());

        var interaction = Assert.Single(sink.Items);
        Assert.True(interaction.Incomplete);
        Assert.Null(interaction.StopReason);
        Assert.Equal(wire.TextBefore(received), interaction.Response);

        while (await body.ReadAsync(buffer) > 0)
        {
        }

        Assert.Single(sink.Items); // the end of the stream records nothing twice
    }

    private static HttpClient Client(ListClaudeSink sink, TimeProvider clock, byte[] wire)
        => new(new ClaudeCaptureHandler(new ClaudeInteractionRecorder(sink, clock), new StreamingInnerHandler(wire)));

    /// <summary>An event stream of many short text deltas, with where each delta's data line ends.</summary>
    private sealed record Wire(byte[] Bytes, string Text, int FirstDeltaLineEnd, IReadOnlyList<(int LineEnd, string Text)> Deltas)
    {
        public static Wire Build(int deltas, int padTo = 1)
        {
            var events = new StringBuilder();
            foreach (var e in Replies.StreamWithToolUse().Take(3))
            {
                events.Append(e.ToWire());
            }

            var lines = new List<(int, string)>();
            for (var i = 0; i < deltas; i++)
            {
                var text = $"word {i} ";
                events.Append("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"").Append(text).Append("\"}}\n");
                lines.Add((Encoding.UTF8.GetByteCount(events.ToString()), text));
                events.Append('\n');
            }

            events.Append("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n");
            events.Append("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":").Append(deltas).Append("}}\n\n");
            // A comment (which every reader ignores) pads the stream to a whole number of reads; message_stop ends it.
            var stop = "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
            var pad = padTo - ((Encoding.UTF8.GetByteCount(events.ToString()) + stop.Length) % padTo);
            if (pad != padTo)
            {
                pad += pad < 2 ? padTo : 0; // the shortest comment line is ":\n"
                events.Append(':').Append('x', pad - 2).Append('\n');
            }

            events.Append(stop);
            var bytes = Encoding.UTF8.GetBytes(events.ToString());
            return new Wire(bytes, string.Concat(lines.Select(l => l.Item2)), lines[0].Item1, lines);
        }

        public string TextBefore(int offset) => string.Concat(Deltas.Where(d => d.LineEnd <= offset).Select(d => d.Text));
    }
}
