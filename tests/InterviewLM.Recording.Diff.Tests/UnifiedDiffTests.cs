using FsCheck.Xunit;

namespace InterviewLM.Recording.Diff.Tests;

public sealed class UnifiedDiffTests
{
    public static TheoryData<string, string> Cases => new()
    {
        { "a\nb\nc\n", "a\nB\nc\n" },
        { "a\nb\nc", "a\nb\nc\n" },
        { "a\nb\nc\n", "a\nb\nc" },
        { "a\nb\nc", "a\nB\nc" },
        { "", "new\nfile\n" },
        { "", "x" },
        { "gone\n", "" },
        { "x", "" },
        { "a\r\nb\r\nc\r\n", "a\r\nB\r\nc\r\n" },
        { "a\r\nb\r\nc", "a\r\nb\r\nc\r\nd" },
        { "a\nb\n", "a\r\nb\n" },
        { "mixed\r\nline\nends\r", "mixed\r\nLINE\nends\r" },
        { string.Concat(Enumerable.Range(0, 40).Select(i => $"{i}\n")), string.Concat(Enumerable.Range(0, 40).Select(i => i % 9 == 4 ? $"{i}!\n" : $"{i}\n")) },
        { "  indented\n", "\tindented\n" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Create_GitApply_ProducesNewText(string oldText, string newText)
    {
        var patch = UnifiedDiff.Create(oldText, newText, "a/f.txt", "b/f.txt");
        Assert.Equal(newText, PatchTools.GitApply(oldText, patch));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Create_GnuPatch_ProducesNewText(string oldText, string newText)
    {
        var patch = UnifiedDiff.Create(oldText, newText, "a/f.txt", "b/f.txt");
        Assert.Equal(newText, PatchTools.GnuPatch(oldText, patch));
    }

    [Fact]
    public void Create_MissingFinalNewline_WritesMarker()
    {
        var patch = UnifiedDiff.Create("a\nb", "a\nc", "a/f", "b/f");
        Assert.Equal("--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n", patch);
    }

    [Fact]
    public void Create_DistantChanges_TwoHunks()
    {
        var oldText = string.Concat(Enumerable.Range(1, 20).Select(i => $"{i}\n"));
        var newText = string.Concat(Enumerable.Range(1, 20).Select(i => i switch { 3 => "three\n", 18 => "eighteen\n", _ => $"{i}\n" }));
        var patch = UnifiedDiff.Create(oldText, newText, "a/f", "b/f");
        Assert.Contains("@@ -1,6 +1,6 @@", patch);
        Assert.Contains("@@ -15,6 +15,6 @@", patch);
    }

    [Fact]
    public void Create_EqualTexts_Empty() => Assert.Equal(string.Empty, UnifiedDiff.Create("a\n", "a\n"));

    [Property(MaxTest = 40)]
    public void Create_RandomTexts_BothToolsApplyIt(byte[] a, byte[] b, byte[] shared, int context)
    {
        var end = TestText.From(shared);
        var oldText = end + TestText.Lines(a) + end;
        var newText = end + TestText.Lines(b) + end;
        if (oldText == newText)
        {
            return;
        }

        // Context 0 needs git apply --unidiff-zero, so the property uses 1 to 3 context lines.
        var patch = UnifiedDiff.Create(oldText, newText, "a/f.txt", "b/f.txt", 1 + (int)((uint)context % 3));
        Assert.Equal(newText, PatchTools.GitApply(oldText, patch));
        Assert.Equal(newText, PatchTools.GnuPatch(oldText, patch));
    }
}
