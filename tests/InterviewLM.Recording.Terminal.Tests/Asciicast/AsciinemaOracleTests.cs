using System.Text;

namespace InterviewLM.Recording.Terminal.Tests;

/// <summary>Checks the casts we write with the real asciinema 2.2.0 CLI (apt package <c>asciinema</c>), run strictly as tech-notes §8 says.</summary>
public sealed class AsciinemaOracleTests
{
    // v3 → v2 with nothing but Python's json module: an independent reading of our v3 output (asciinema 2.2.0 cannot read v3).
    private const string V3ToV2 = """
        import json, sys
        src, dst = sys.argv[1], sys.argv[2]
        with open(src, encoding="utf-8", errors="strict") as f:
            lines = f.read().split("\n")
        header = json.loads(lines[0])
        assert header["version"] == 3, "not v3"
        cols, rows = header["term"]["cols"], header["term"]["rows"]
        assert isinstance(cols, int) and cols > 0 and isinstance(rows, int) and rows > 0, "bad size"
        out = [json.dumps({"version": 2, "width": cols, "height": rows})]
        t = 0.0
        for n, line in enumerate(lines[1:], start=2):
            if not line.strip() or line.startswith("#"):
                continue
            interval, code, data = json.loads(line)
            assert isinstance(interval, (int, float)) and interval >= 0, f"line {n}: bad interval"
            assert isinstance(code, str) and isinstance(data, str), f"line {n}: bad code/data"
            t += interval
            if code != "x":
                out.append(json.dumps([round(t, 6), code, data], ensure_ascii=False))
        with open(dst, "w", encoding="utf-8") as f:
            f.write("\n".join(out) + "\n")
        """;

    [Theory]
    [MemberData(nameof(AsciicastReaderTests.CorpusFiles), MemberType = typeof(AsciicastReaderTests))]
    public async Task Export_CorpusCastAsV2_AsciinemaPlaysItAndCatReproducesOutput(string file)
    {
        var (events, expectedOutput) = LoadAsSession(file);
        var dir = Directory.CreateTempSubdirectory("ilmrec-oracle-");
        try
        {
            var cast = Path.Combine(dir.FullName, "out.v2.cast");
            await using (var stream = File.Create(cast))
            {
                AsciicastConverter.Export(events, stream, new AsciicastExportOptions { Version = 2 });
            }

            await AssertAsciinemaAcceptsAsync(cast, expectedOutput);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(AsciicastReaderTests.CorpusFiles), MemberType = typeof(AsciicastReaderTests))]
    public async Task Export_CorpusCastAsV3_IndependentParserAndAsciinemaAccept(string file)
    {
        var (events, expectedOutput) = LoadAsSession(file);
        var dir = Directory.CreateTempSubdirectory("ilmrec-oracle-");
        try
        {
            var cast = Path.Combine(dir.FullName, "out.v3.cast");
            await using (var stream = File.Create(cast))
            {
                await AsciicastConverter.ExportAsync(ToAsync(events), stream, new AsciicastExportOptions { Version = 3 });
            }

            var script = Path.Combine(dir.FullName, "v3tov2.py");
            await File.WriteAllTextAsync(script, V3ToV2);
            var v2 = Path.Combine(dir.FullName, "converted.v2.cast");
            var convert = await ExternalProcess.RunAsync("/usr/bin/python3", [script, cast, v2]);
            Assert.True(convert.ExitCode == 0, convert.StandardError);

            await AssertAsciinemaAcceptsAsync(v2, expectedOutput);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Asciinema_BrokenCast_IsRejected()
    {
        // Proves the harness is strict: a file asciinema must reject fails it.
        var dir = Directory.CreateTempSubdirectory("ilmrec-oracle-");
        try
        {
            var cast = Path.Combine(dir.FullName, "broken.cast");
            await File.WriteAllTextAsync(cast, "{\"version\": 2, \"width\": 80, \"height\": 24}\n[1.0, \"o\", \"a\"]\nlol!\n");

            var play = await ExternalProcess.RunAsync("setsid", ["-w", "asciinema", "play", "-s", "1000", "-i", "0.001", cast]);

            Assert.NotEqual(0, play.ExitCode);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static async Task AssertAsciinemaAcceptsAsync(string cast, string expectedOutput)
    {
        var dir = Path.GetDirectoryName(cast)!;
        var play = await ExternalProcess.RunAsync("setsid", ["-w", "asciinema", "play", "-s", "1000", "-i", "0.001", cast], dir);
        Assert.True(play.ExitCode == 0, $"asciinema play rejected {cast}: {play.StandardError}");

        // `asciinema cat` needs a controlling tty: run it under script(1), which gives it a pty.
        var catOut = Path.Combine(dir, "cat.bin");
        var catErr = Path.Combine(dir, "cat.err");
        var cat = await ExternalProcess.RunAsync("script", ["-q", "-e", "-c", $"asciinema cat '{cast}' > '{catOut}' 2> '{catErr}'", "/dev/null"], dir);
        Assert.True(cat.ExitCode == 0, $"asciinema cat failed on {cast}: {await File.ReadAllTextAsync(catErr)}");

        var actual = await File.ReadAllBytesAsync(catOut);
        Assert.True(actual.AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(expectedOutput)), $"asciinema cat output differs ({actual.Length} bytes, expected {Encoding.UTF8.GetByteCount(expectedOutput)})");
    }

    private static (List<RecordedEvent> Events, string Output) LoadAsSession(string file)
    {
        using var reader = AsciicastReader.Open(Path.Combine(TestPaths.Asciicasts, file));
        var events = AsciicastConverter.ToSessionEvents(reader.Header, reader.ReadEvents())
            .Select((e, i) => new RecordedEvent(i, e.Time, e.Event))
            .ToList();
        var output = string.Concat(events.Select(e => e.Event).OfType<TerminalOutput>().Select(o => o.Data));
        return (events, output);
    }

    private static async IAsyncEnumerable<RecordedEvent> ToAsync(IEnumerable<RecordedEvent> events)
    {
        foreach (var e in events)
        {
            yield return e;
        }

        await Task.CompletedTask;
    }
}
