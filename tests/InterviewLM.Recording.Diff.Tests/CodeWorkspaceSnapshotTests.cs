namespace InterviewLM.Recording.Diff.Tests;

/// <summary>Snapshot checks are remembered per event; folding the same events again, from the same or another state, must find the same problems as folding them the first time.</summary>
public sealed class CodeWorkspaceSnapshotTests
{
    private const string Base = "one\ntwo\nthree\n";
    private const string Edited = "one\n2\nthree\n";

    [Fact]
    public void Apply_SameDiffSnapshotTwice_FromTheSameState_HasNoProblems()
    {
        var snapshot = DiffSnapshot(Base, Edited, ContentHasher.Hash(Edited));
        for (var round = 0; round < 2; round++)
        {
            var workspace = Fold(Base, Edited, snapshot);
            Assert.Empty(workspace.Problems);
            Assert.True(workspace.TryGetFile("f", out var file));
            Assert.Equal(Edited, file.GetSnapshotContent());
        }
    }

    [Fact]
    public void Apply_SameDiffSnapshot_FromAnotherPreviousSnapshot_IsCheckedAgain()
    {
        var snapshot = DiffSnapshot(Base, Edited, ContentHasher.Hash(Edited));
        Assert.Empty(Fold(Base, Edited, snapshot).Problems);

        // The same event after a different previous snapshot rebuilds other content: its hash no longer matches.
        const string otherBase = "zero\ntwo\nthree\n";
        var workspace = Fold(otherBase, "zero\n2\nthree\n", snapshot);

        Assert.Contains(workspace.Problems, p => p.Contains("does not match the hash", StringComparison.Ordinal));
        Assert.True(workspace.TryGetFile("f", out var file));
        Assert.Equal("zero\n2\nthree\n", file.GetSnapshotContent());
    }

    [Fact]
    public void Apply_SnapshotWithWrongHash_IsReportedEveryTimeItIsFolded()
    {
        var full = new CodeSnapshot("f", new string('0', 64), EquatableArray<LineDiffOperation>.Empty, Edited);
        var diff = DiffSnapshot(Base, Edited, new string('1', 64));
        for (var round = 0; round < 3; round++)
        {
            Assert.Single(Fold(Base, Edited, full).Problems, p => p.Contains("does not match the hash", StringComparison.Ordinal));
            Assert.Single(Fold(Base, Edited, diff).Problems, p => p.Contains("does not match the hash", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Apply_DiffThatDoesNotFit_IsReportedEveryTimeItIsFolded()
    {
        var snapshot = new CodeSnapshot("f", ContentHasher.Hash(Edited), new EquatableArray<LineDiffOperation>([LineDiffOperation.Keep(40)]));
        for (var round = 0; round < 2; round++)
        {
            Assert.Contains(Fold(Base, Edited, snapshot).Problems, p => p.Contains("does not fit", StringComparison.Ordinal));
        }
    }

    private static CodeSnapshot DiffSnapshot(string from, string to, string hash) => new("f", hash, LineDiff.Create(from, to));

    // A file created with `start`, snapshotted in full, edited to `edited`, then `snapshot` applied.
    private static CodeWorkspace Fold(string start, string edited, CodeSnapshot snapshot)
    {
        var workspace = new CodeWorkspace();
        workspace.Apply(new FileCreated("f", "f.txt", null, start));
        workspace.Apply(new CodeSnapshot("f", ContentHasher.Hash(start), EquatableArray<LineDiffOperation>.Empty, start));
        workspace.Apply(new TextEdited("f", LineDiff.ToTextChanges(LineDiff.Create(start, edited).Items, start).ToArray()));
        workspace.Apply(snapshot);
        return workspace;
    }
}
