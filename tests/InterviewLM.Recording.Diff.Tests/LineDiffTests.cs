using FsCheck.Xunit;

namespace InterviewLM.Recording.Diff.Tests;

public sealed class LineDiffTests
{
    [Fact]
    public void SplitLines_MixedTerminators_KeepsThem()
    {
        Assert.Equal(["a\r\n", "b\n", "c\r", "d"], LineDiff.SplitLines("a\r\nb\nc\rd"));
        Assert.Empty(LineDiff.SplitLines(string.Empty));
    }

    [Fact]
    public void Create_OneChangedLine_KeepDeleteInsertKeep()
    {
        var operations = LineDiff.Create("a\nb\nc\n", "a\nB\nc\n");
        EquatableArray<LineDiffOperation> expected = new[] { LineDiffOperation.Keep(1), LineDiffOperation.Delete(1), LineDiffOperation.Insert(new[] { "B\n" }), LineDiffOperation.Keep(1) };
        Assert.True(expected.Equals(operations), operations.ToString());
    }

    [Fact]
    public void Create_WhitespaceAndLineEndingChanges_AreChanges()
    {
        Assert.Equal(3, LineDiff.Create("a\nb\n", "a\n b\n").Count);
        Assert.Equal(3, LineDiff.Create("a\nb\n", "a\r\nb\n").Count);
        Assert.Equal(3, LineDiff.Create("a\nb\n", "a\nb").Count);
    }

    [Fact]
    public void Apply_DiffCoveringTooFewLines_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => LineDiff.Apply([LineDiffOperation.Keep(1)], "a\nb\n"));
        Assert.Contains("covers 1 lines but the old text has 2", error.Message);
        Assert.Throws<ArgumentException>(() => LineDiff.Apply([LineDiffOperation.Delete(3)], "a\nb\n"));
    }

    [Property(MaxTest = 500)]
    public void Apply_DiffOfRandomTexts_GivesNewText(byte[] a, byte[] b)
    {
        var oldText = TestText.Lines(a);
        var newText = TestText.Lines(b);
        var operations = LineDiff.Create(oldText, newText);
        Assert.Equal(newText, LineDiff.Apply(operations, oldText));
    }

    [Property(MaxTest = 500)]
    public void Invert_DiffOfRandomTexts_RoundTrips(byte[] a, byte[] b)
    {
        var oldText = TestText.From(a);
        var newText = TestText.Lines(b);
        var operations = LineDiff.Create(oldText, newText);
        var inverse = LineDiff.Invert(operations, oldText);
        Assert.Equal(oldText, LineDiff.Apply(inverse, newText));
        Assert.True(operations.Equals(LineDiff.Invert(inverse, newText)));
    }

    [Property(MaxTest = 500)]
    public void Create_SharedPrefixAndSuffix_AppliesInvertsAndKeepsEnds(byte[] p, byte[] x, byte[] y, byte[] q)
    {
        // Shared ends cut anywhere, including between \r and \n, must still give exact diffs.
        var prefix = TestText.From(p);
        var suffix = TestText.From(q);
        var oldText = prefix + TestText.From(x) + suffix;
        var newText = prefix + TestText.From(y) + suffix;
        var operations = LineDiff.Create(oldText, newText);
        Assert.Equal(newText, LineDiff.Apply(operations, oldText));
        Assert.Equal(oldText, LineDiff.Apply(LineDiff.Invert(operations, oldText), newText));
        Assert.Equal(LineDiff.SplitLines(oldText).Count, operations.Where(o => o.Kind != LineDiffKind.Insert).Sum(o => o.Count));
        for (var i = 1; i < operations.Count; i++)
        {
            Assert.False(operations[i].Kind == LineDiffKind.Keep && operations[i - 1].Kind == LineDiffKind.Keep, "adjacent keeps are merged");
        }
    }

    [Property(MaxTest = 200)]
    public void Apply_DiffOfEditedText_GivesEditedText(byte[] a, int[] edits)
    {
        var oldText = TestText.Lines(a);
        var document = new TextDocument(oldText);
        foreach (var edit in edits ?? [])
        {
            var offset = TestText.Snap(document.GetText(), (int)((uint)edit % (document.Length + 1)));
            document.Insert(offset, (edit & 3) == 0 ? "\r\n" : "z");
        }

        var newText = document.GetText();
        Assert.Equal(newText, LineDiff.Apply(LineDiff.Create(oldText, newText), oldText));
    }

    [Property(MaxTest = 300)]
    public void ToTextChanges_RandomTexts_ApplyAsOneEventGivesNewText(byte[] a, byte[] b)
    {
        var oldText = TestText.From(a);
        var newText = TestText.Lines(b);
        var changes = LineDiff.ToTextChanges(LineDiff.Create(oldText, newText), oldText);
        var document = new TextDocument(oldText);
        if (changes.Count > 0)
        {
            document.Apply(changes);
        }

        Assert.Equal(newText, document.GetText());
    }

    [Fact]
    public void SideBySide_IndentationChange_IsModified()
    {
        var model = SideBySideDiff.Create("a\nb\n", "a\n  b\n");
        Assert.Contains(model.NewText.Lines, line => line.Type == DiffPlex.DiffBuilder.Model.ChangeType.Modified);
    }
}
