using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace InterviewLM.Recording.Terminal.Tests;

public sealed class AsciicastWriterTests
{
    private static readonly string[] s_codes = ["o", "i", "r", "m", "x"];

    [Property(MaxTest = 200)]
    public bool WriteThenRead_V2_RoundTripsDataAndMicrosecondTimes(string?[] data, ushort[] gapsMicros)
    {
        var events = MakeEvents(data, gapsMicros);
        var read = RoundTrip(2, events);

        return read.Count == events.Count
            && read.Zip(events).All(p => p.First.Code == p.Second.Code && p.First.Data == p.Second.Data
                && p.First.Time == TimeSpan.FromMicroseconds(Math.Round(p.Second.Time.Ticks / 10.0, MidpointRounding.AwayFromZero)));
    }

    [Property(MaxTest = 200)]
    public bool WriteThenRead_V3_TimesStayWithinHalfMillisecond(string?[] data, ushort[] gapsMicros)
    {
        var events = MakeEvents(data, gapsMicros);
        var read = RoundTrip(3, events);

        return read.Count == events.Count
            && read.Zip(events).All(p => p.First.Code == p.Second.Code && p.First.Data == p.Second.Data
                && (p.First.Time - p.Second.Time).Duration() <= TimeSpan.FromMilliseconds(0.5));
    }

    [Property(MaxTest = 50)]
    public Property Write_V3ManySubMillisecondGaps_NeverDrifts()
    {
        // Naive per-interval rounding of 0.4 ms gaps would write 0 every time and lose 4 s over 10 000 events.
        return Prop.ForAll(Gen.Choose(1, 20_000).ArrayOf().ToArbitrary(), gapsTicks =>
        {
            using var stream = new MemoryStream();
            using var writer = AsciicastWriter.Create(stream, new AsciicastHeader { Version = 3 }, leaveOpen: true);
            long time = 0;
            foreach (var gap in gapsTicks)
            {
                time += gap;
                writer.Write(new AsciicastEvent(new TimeSpan(time), "o", "."));
                if ((writer.WrittenTime - new TimeSpan(time)).Duration() > TimeSpan.FromMilliseconds(0.5))
                {
                    return false;
                }
            }

            return true;
        });
    }

    [Fact]
    public void Write_V3TenThousandGapsOf400Microseconds_EndsWithinHalfMillisecond()
    {
        var events = Enumerable.Range(1, 10_000).Select(i => new AsciicastEvent(TimeSpan.FromMicroseconds(400L * i), "o", "x")).ToList();

        var read = RoundTrip(3, events);

        Assert.InRange((read[^1].Time - TimeSpan.FromSeconds(4)).Duration(), TimeSpan.Zero, TimeSpan.FromMilliseconds(0.5));
        Assert.All(read.Zip(events), p => Assert.InRange((p.First.Time - p.Second.Time).Duration(), TimeSpan.Zero, TimeSpan.FromMilliseconds(0.5)));
    }

    [Fact]
    public void Write_TimeGoingBackwards_WritesPreviousTime()
    {
        var read = RoundTrip(2, [new(TimeSpan.FromSeconds(2), "o", "a"), new(TimeSpan.FromSeconds(1), "o", "b")]);

        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2)], read.Select(e => e.Time));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Create_FullHeader_ReadsBackEqual(int version)
    {
        var header = new AsciicastHeader
        {
            Version = version,
            Columns = 132,
            Rows = 43,
            Timestamp = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000),
            IdleTimeLimit = TimeSpan.FromSeconds(1.5),
            Command = "bash -l",
            Title = "żółć \"quoted\"",
            Env = new Dictionary<string, string> { ["TERM"] = "xterm-256color", ["SHELL"] = "/bin/bash" },
            Theme = new AsciicastTheme("#ffffff", "#000000", "#000000:#111111"),
            TermType = version == 3 ? "xterm-256color" : null,
            TermVersion = version == 3 ? "test 1.0" : null,
            Tags = version == 3 ? ["a", "b"] : null,
        };
        using var stream = new MemoryStream();
        using (AsciicastWriter.Create(stream, header, leaveOpen: true))
        {
        }

        stream.Position = 0;
        using var reader = AsciicastReader.Open(stream);
        var read = reader.Header;

        Assert.Equal(header with { Env = null, Tags = null }, read with { Env = null, Tags = null });
        Assert.Equal(header.Env, read.Env);
        Assert.Equal(header.Tags, read.Tags);
    }

    [Fact]
    public void Write_ControlCharactersAndEmoji_EscapesOnlyWhatJsonNeeds()
    {
        using var stream = new MemoryStream();
        using (var writer = AsciicastWriter.Create(stream, new AsciicastHeader(), leaveOpen: true))
        {
            writer.Write(new AsciicastEvent(TimeSpan.FromSeconds(1.5), "o", "\u001b[31mżółć\u001b[0m \"q\" \\ \r\n"));
        }

        var text = Encoding.UTF8.GetString(stream.ToArray());

        Assert.Equal("{\"version\":2,\"width\":80,\"height\":24}\n[1.5,\"o\",\"\\u001B[31mżółć\\u001B[0m \\\"q\\\" \\\\ \\r\\n\"]\n", text);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Create_UnsupportedVersion_Throws(int version)
    {
        Assert.Throws<ArgumentException>(() => AsciicastWriter.Create(new MemoryStream(), new AsciicastHeader { Version = version }));
    }

    [Fact]
    public void WriteComment_V3_ReaderSkipsIt()
    {
        using var stream = new MemoryStream();
        using (var writer = AsciicastWriter.Create(stream, new AsciicastHeader { Version = 3 }, leaveOpen: true))
        {
            writer.WriteComment("a comment");
            writer.Write(new AsciicastEvent(TimeSpan.FromSeconds(1), "o", "x"));
        }

        stream.Position = 0;
        using var reader = AsciicastReader.Open(stream);

        Assert.Equal([new AsciicastEvent(TimeSpan.FromSeconds(1), "o", "x")], reader.ReadEvents());
    }

    [Theory]
    [MemberData(nameof(AsciicastReaderTests.CorpusFiles), MemberType = typeof(AsciicastReaderTests))]
    public async Task WriteAsyncThenRead_CorpusCast_SameEvents(string file)
    {
        using var source = AsciicastReader.Open(Path.Combine(TestPaths.Asciicasts, file));
        var original = source.ReadEvents().ToList();
        foreach (var version in new[] { 2, 3 })
        {
            using var stream = new MemoryStream();
            await using (var writer = AsciicastWriter.Create(stream, source.Header with { Version = version }, leaveOpen: true))
            {
                foreach (var e in original)
                {
                    await writer.WriteAsync(e);
                }
            }

            stream.Position = 0;
            using var reader = AsciicastReader.Open(stream);
            var read = reader.ReadEvents().ToList();

            Assert.Equal(original.Select(e => (e.Code, e.Data)), read.Select(e => (e.Code, e.Data)));
            var last = TimeSpan.Zero;
            for (var i = 0; i < read.Count; i++)
            {
                // v2 sources may go backwards; the writer holds such times at the previous one.
                last = original[i].Time > last ? original[i].Time : last;
                Assert.InRange((read[i].Time - last).Duration(), TimeSpan.Zero, TimeSpan.FromMilliseconds(0.5));
            }
        }
    }

    internal static List<AsciicastEvent> MakeEvents(string?[] data, ushort[] gapsMicros)
    {
        var events = new List<AsciicastEvent>();
        long ticks = 0;
        for (var i = 0; i < data.Length; i++)
        {
            // Sub-microsecond ticks too, to exercise rounding.
            ticks += (gapsMicros.Length == 0 ? 0 : gapsMicros[i % gapsMicros.Length] * 370L) + (i % 7);
            var text = ValidText(data[i]);
            events.Add(new AsciicastEvent(new TimeSpan(ticks), s_codes[i % s_codes.Length], text));
        }

        return events;
    }

    /// <summary>Makes arbitrary text valid UTF-16 (a lone surrogate cannot be stored as UTF-8, so writers replace it).</summary>
    internal static string ValidText(string? text) => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text ?? string.Empty));

    private static List<AsciicastEvent> RoundTrip(int version, List<AsciicastEvent> events)
    {
        using var stream = new MemoryStream();
        using (var writer = AsciicastWriter.Create(stream, new AsciicastHeader { Version = version }, leaveOpen: true))
        {
            foreach (var e in events)
            {
                writer.Write(e);
            }
        }

        stream.Position = 0;
        using var reader = AsciicastReader.Open(stream);
        return [.. reader.ReadEvents()];
    }
}
