using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using InterviewLM.Recording.Storage;
using InterviewLM.Recording.TestUtils;

namespace InterviewLM.Recording.Storage.Protobuf.Tests;

public sealed class SessionConverterTests : IDisposable
{
    private static readonly string[] CodecNames = ["jsonl", "jsonl-gz", "protobuf-brotli"];
    private readonly string _root = Directory.CreateTempSubdirectory("ilm-convert-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Property(MaxTest = 60)]
    public Property ConvertAsync_AnyCodecToAnyCodec_PreservesEveryEventExactly() => Prop.ForAll(
        Gen.Zip(EventGenerators.Stream, Gen.Zip(Gen.Zip(Gen.Elements(CodecNames), Gen.Elements(CodecNames)), Gen.Zip(Gen.Elements(CodecNames), Gen.Choose(0, 50)))).ToArbitrary(),
        input =>
        {
            var (events, ((first, second), (third, regroup))) = input;
            var source = WriteSession(events, first);
            var middle = Path.Combine(_root, Guid.NewGuid().ToString("N"));
            var final = Path.Combine(_root, Guid.NewGuid().ToString("N"));
            SessionConverter.ConvertAsync(source, middle, SessionConverter.AllCodecs.Get(second), new SessionConversionOptions { MaxBlockEvents = regroup }).GetAwaiter().GetResult();
            var result = SessionConverter.ConvertAsync(middle, final, SessionConverter.AllCodecs.Get(third)).GetAwaiter().GetResult();
            var session = SessionDirectory.Open(final, SessionConverter.AllCodecs);
            return session.Metadata!.Codec == third && File.Exists(Path.Combine(final, SessionConverter.AllCodecs.Get(third).FileName)) && result.Events == events.Length && ReadEvents(final).SequenceEqual(events);
        });

    [Fact]
    public async Task FinalizeToArchiveAsync_LiveCodecSession_BecomesAnArchiveWithTheSameEventsAndFiles()
    {
        var events = EventGenerators.SampleStream(200, 5);
        var directory = WriteSession(events, "jsonl-gz");
        var before = SessionDirectory.Open(directory, SessionConverter.AllCodecs).Metadata!;

        var result = await SessionConverter.FinalizeToArchiveAsync(directory);

        var session = SessionDirectory.Open(directory, SessionConverter.AllCodecs);
        Assert.Same(ProtobufBrotliCodec.Instance, session.Codec);
        Assert.Equal("protobuf-brotli", session.Metadata!.Codec);
        Assert.Equal(before.SessionId, session.Metadata.SessionId);
        Assert.Equal(before.EventCount, session.Metadata.EventCount);
        Assert.Equal(events.Length, result.Events);
        Assert.False(File.Exists(Path.Combine(directory, "events.jsonl.gz")));
        Assert.Equal(events, ReadEvents(directory));
        Assert.False(Directory.Exists(directory + ".archiving"));
        Assert.False(Directory.Exists(directory + ".replaced"));
    }

    [Fact]
    public async Task ConvertAsync_DamagedSource_FailsUnlessToldToSkip()
    {
        var events = EventGenerators.SampleStream(100, 8);
        var directory = WriteSession(events, "protobuf-brotli", blockSize: 10);
        var path = Path.Combine(directory, "events.ilmb");
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[bytes.Length / 2] ^= 0x10;
        await File.WriteAllBytesAsync(path, bytes);

        await Assert.ThrowsAsync<InvalidDataException>(() => SessionConverter.ConvertAsync(directory, Path.Combine(_root, "strict"), JsonlCodecForTests()));
        var result = await SessionConverter.ConvertAsync(directory, Path.Combine(_root, "lenient"), JsonlCodecForTests(), new SessionConversionOptions { SkipDamage = true });
        Assert.True(result.DamagedParts >= 1);
        Assert.True(result.Events is > 0 and < 100);
    }

    private static IEventCodec JsonlCodecForTests() => SessionConverter.AllCodecs.Get("jsonl");

    private string WriteSession(RecordedEvent[] events, string codec, int blockSize = 7)
    {
        var directory = Path.Combine(_root, Guid.NewGuid().ToString("N"));
        var sink = SessionDirectory.Create(directory, new SessionDirectoryOptions { Codec = SessionConverter.AllCodecs.Get(codec) });
        try
        {
            foreach (var block in events.Chunk(blockSize))
            {
                sink.WriteAsync(block).AsTask().GetAwaiter().GetResult();
            }

            sink.CompleteAsync().AsTask().GetAwaiter().GetResult();
        }
        finally
        {
            sink.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        return directory;
    }

    private static List<RecordedEvent> ReadEvents(string directory)
    {
        var session = SessionDirectory.Open(directory, SessionConverter.AllCodecs);
        var list = new List<RecordedEvent>();
        var enumerator = session.ReadEventsAsync().GetAsyncEnumerator();
        try
        {
            while (enumerator.MoveNextAsync().AsTask().GetAwaiter().GetResult())
            {
                list.Add(enumerator.Current);
            }
        }
        finally
        {
            enumerator.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        return list;
    }
}
