using System.Text;

namespace InterviewLM.Recording.Terminal.Tests;

/// <summary>Every cast in ../shared/corpus/asciicasts replayed in <see cref="VirtualTerminal"/> and in @xterm/headless.</summary>
public sealed class VirtualTerminalDifferentialTests
{
    private const int Moments = 20;

    public static TheoryData<string> Casts()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(VtTestPaths.Asciicasts)
                     .Where(f => f.EndsWith(".cast", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal))
                     .Select(Path.GetFileName)
                     .Order(StringComparer.Ordinal))
        {
            data.Add(file!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Casts))]
    public void Write_EveryCastAtTwentyMomentsAndEnd_MatchesXtermHeadless(string castFile)
    {
        var path = Path.Combine(VtTestPaths.Asciicasts, castFile);
        var cast = TestCasts.Load(path);
        var moments = Enumerable.Range(1, Moments).Select(k => cast.Duration * k / Moments).Append(double.PositiveInfinity).ToList();

        var expected = XtermOracle.Screens(path, moments);

        var terminal = new VirtualTerminal(cast.Columns, cast.Rows);
        var next = 0;
        var failures = new StringBuilder();
        for (var m = 0; m < moments.Count; m++)
        {
            next = TestCasts.Play(cast, terminal, next, moments[m]);
            var actual = terminal.GetScreenText();
            if (actual != expected[m])
            {
                failures.AppendLine($"at t={moments[m]}: {Describe(expected[m], actual)}");
                continue;
            }

            // Colours and attributes too, cell for cell.
            var expectedRuns = XtermOracle.AttributeRuns(expected[m]);
            for (var y = 0; y < actual.Rows; y++)
            {
                var actualRuns = terminal.AttributeRuns(y);
                if (actualRuns != expectedRuns[y])
                {
                    failures.AppendLine($"at t={moments[m]}: line {y} attributes {actualRuns}, expected {expectedRuns[y]}");
                    break;
                }
            }
        }

        Assert.True(failures.Length == 0, $"{castFile} differs from @xterm/headless:\n{failures}");
    }

    [Fact]
    public void Screens_BatchScript_AgreesWithVtMjs()
    {
        // The batched oracle must print what ../shared/peers/vt.mjs prints for the end of a cast.
        var path = Path.Combine(VtTestPaths.Asciicasts, "termtosvg-htop.v2.cast");
        var batch = XtermOracle.Screens(path, [double.PositiveInfinity])[0];
        Assert.Equal(XtermOracle.VtMjsScreen(path), batch);
    }

    internal static string Describe(ScreenText expected, ScreenText actual)
    {
        var sb = new StringBuilder();
        if (expected.Columns != actual.Columns || expected.Rows != actual.Rows)
        {
            sb.Append($"size {actual.Columns}x{actual.Rows}, expected {expected.Columns}x{expected.Rows}; ");
        }

        if (expected.CursorX != actual.CursorX || expected.CursorY != actual.CursorY)
        {
            sb.Append($"cursor [{actual.CursorX},{actual.CursorY}], expected [{expected.CursorX},{expected.CursorY}]; ");
        }

        if (expected.IsAlternateScreen != actual.IsAlternateScreen)
        {
            sb.Append($"alt {actual.IsAlternateScreen}, expected {expected.IsAlternateScreen}; ");
        }

        var n = Math.Max(expected.Lines.Count, actual.Lines.Count);
        var shown = 0;
        for (var y = 0; y < n && shown < 3; y++)
        {
            var e = y < expected.Lines.Count ? expected.Lines[y] : "<none>";
            var a = y < actual.Lines.Count ? actual.Lines[y] : "<none>";
            if (e != a)
            {
                sb.Append($"\n  line {y}: actual   '{a}'\n  line {y}: expected '{e}'");
                shown++;
            }
        }

        return sb.ToString();
    }
}
