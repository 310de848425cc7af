using System.Diagnostics;
using InterviewLM.Recording.Cli.Commands;
using InterviewLM.Recording.Terminal;
using InterviewLM.Recording.TestUtils;

namespace InterviewLM.Recording.Cli.Tests.Commands;

public sealed class ScreenCommandTests
{
    [Theory]
    [InlineData("12.5", 12.5)]
    [InlineData("0", 0)]
    [InlineData("1:02", 62)]
    [InlineData("1:00:03.5", 3603.5)]
    public void ParseMoment_SecondsOrClock_Parses(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), ScreenCommand.ParseMoment(text));

    [Fact]
    public void ParseMoment_Missing_MeansEnd() => Assert.Equal(TimeSpan.MaxValue, ScreenCommand.ParseMoment(null));

    [Fact]
    public void ParseMoment_Garbage_Throws() => Assert.Throws<ArgumentException>(() => ScreenCommand.ParseMoment("soon"));

    [Theory]
    [InlineData("agg-demo.v3.cast", "30")]
    [InlineData("asciinema-cli-demo-vim.v1.json", "5")]
    [InlineData("server-welcome.v2.cast", "")]
    public void CastScreen_CorpusCast_MatchesVtMjs(string cast, string at)
    {
        var shared = Path.GetFullPath(Path.Combine(RepoRoot(), "..", "shared"));
        var path = Path.Combine(shared, "corpus", "asciicasts", cast);
        var psi = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.Combine(shared, "peers") };
        psi.ArgumentList.Add("vt.mjs");
        psi.ArgumentList.Add("screen");
        psi.ArgumentList.Add(path);
        if (at.Length > 0)
        {
            psi.ArgumentList.Add(at);
        }

        using var node = Process.Start(psi)!;
        var expected = node.StandardOutput.ReadToEnd();
        node.WaitForExit();
        Assert.True(node.ExitCode == 0, "vt.mjs failed (run `npm ci` in ../shared/peers): " + node.StandardError.ReadToEnd());

        var actual = ScreenCommand.CastScreen(path, ScreenCommand.ParseMoment(at).TotalSeconds).GetScreenText();
        Assert.Equal(ScreenText.FromJson(expected), actual);
    }

    [Fact]
    public void CastScreen_NotACast_ThrowsFormatException()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "{\"version\": 2}\n[1, \"o\"");
            Assert.ThrowsAny<FormatException>(() => ScreenCommand.CastScreen(path, 10));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string RepoRoot() => RepoPaths.Root;
}
