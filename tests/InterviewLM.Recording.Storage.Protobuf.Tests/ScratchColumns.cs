using System.IO.Compression;
using Google.Protobuf;
using Xunit.Abstractions;
using InterviewLM.Recording.Storage;
using InterviewLM.Recording.Storage.Protobuf.Schema;

namespace InterviewLM.Recording.Storage.Protobuf.Tests;

public sealed class ScratchColumns(ITestOutputHelper output)
{
    [Fact]
    public async Task Print()
    {
        var path = Environment.GetEnvironmentVariable("SCRATCH_SESSION");
        if (path is null) { Assert.True(true); return; }
        var session = SessionDirectory.Open(path, SessionConverter.AllCodecs);
        var events = new List<RecordedEvent>();
        await foreach (var e in session.ReadEventsAsync()) events.Add(e);
        var block = ColumnBlockCodec.Encode(events.ToArray());
        foreach (var field in ColumnBlock.Descriptor.Fields.InFieldNumberOrder())
        {
            var single = new ColumnBlock();
            if (!field.IsRepeated) field.Accessor.SetValue(single, field.Accessor.GetValue(block));
            else { single = new ColumnBlock(); var list = (System.Collections.IList)field.Accessor.GetValue(single); foreach (var v in (System.Collections.IList)field.Accessor.GetValue(block)) list.Add(v); }
            var raw = single.ToByteArray();
            var q11 = new byte[raw.Length + 1000];
            BrotliEncoder.TryCompress(raw, q11, out var w11, 11, 24);
            BrotliEncoder.TryCompress(raw, q11, out var w9, 9, 24);
            output.WriteLine($"{field.Name,-20} raw {raw.Length,10} q9 {w9,8} q11 {w11,8}");
        }
    }
}
