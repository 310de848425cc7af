namespace InterviewLM.Recording.Diff.Tests;

/// <summary>The <c>.gitignore</c> subset the working directory watcher honours, case by case as git decides it.</summary>
public sealed class GitIgnoreRulesTests
{
    [Theory]
    [InlineData("*.log", "debug.log", false, true)]
    [InlineData("*.log", "logs/deep/debug.log", false, true)]
    [InlineData("*.log", "debug.log.txt", false, false)]
    [InlineData("debug?.txt", "debug1.txt", false, true)]
    [InlineData("debug?.txt", "debug10.txt", false, false)]
    [InlineData("debug?.txt", "debug/.txt", false, false)]
    [InlineData("debug[0-9].txt", "debug7.txt", false, true)]
    [InlineData("debug[!0-9].txt", "debug7.txt", false, false)]
    [InlineData("debug[!0-9].txt", "debugx.txt", false, true)]
    [InlineData("/build", "build", true, true)]
    [InlineData("/build", "src/build", true, false)]
    [InlineData("build/", "build", true, true)]
    [InlineData("build/", "src/build", true, true)]
    [InlineData("build/", "build", false, false)]
    [InlineData("doc/*.txt", "doc/notes.txt", false, true)]
    [InlineData("doc/*.txt", "doc/server/arch.txt", false, false)]
    [InlineData("doc/*.txt", "src/doc/notes.txt", false, false)]
    [InlineData("**/logs", "logs", true, true)]
    [InlineData("**/logs", "a/b/logs", true, true)]
    [InlineData("**/logs/debug.log", "x/logs/debug.log", false, true)]
    [InlineData("logs/**", "logs/a/b.txt", false, true)]
    [InlineData("logs/**", "logs", true, false)]
    [InlineData("a/**/b", "a/b", false, true)]
    [InlineData("a/**/b", "a/x/y/b", false, true)]
    [InlineData("a/**/b", "ab", false, false)]
    [InlineData("\\#hash", "#hash", false, true)]
    [InlineData("\\!bang", "!bang", false, true)]
    [InlineData("trailing   ", "trailing", false, true)]
    [InlineData("escaped\\ ", "escaped ", false, true)]
    [InlineData("*", "anything/at/all.txt", false, true)]
    [InlineData("a+b(c).txt", "a+b(c).txt", false, true)]
    public void IsIgnored_OnePattern_MatchesAsGitDoes(string pattern, string path, bool isDirectory, bool expected)
    {
        var rules = GitIgnoreRules.Empty.With(string.Empty, [pattern]);

        Assert.Equal(expected, rules.IsIgnored(path, isDirectory));
    }

    [Theory]
    [InlineData("")]
    [InlineData("# a comment")]
    [InlineData("   ")]
    [InlineData("!")]
    [InlineData("/")]
    public void Parse_BlankCommentOrEmptyPattern_IsNoPattern(string line) => Assert.Null(GitIgnorePattern.Parse(line));

    [Fact]
    public void IsIgnored_NegationAfterAnExclusion_ReIncludesAndTheLastMatchWins()
    {
        var rules = GitIgnoreRules.Empty.With(string.Empty, ["*.log", "!keep.log", "keep.log.d/", "!*.md", "README.md"]);

        Assert.True(rules.IsIgnored("debug.log", false));
        Assert.False(rules.IsIgnored("keep.log", false));
        Assert.False(rules.IsIgnored("notes.md", false));
        Assert.True(rules.IsIgnored("README.md", false));
    }

    [Fact]
    public void IsIgnored_NestedFile_AppliesBelowItsDirectoryAndOverridesTheParent()
    {
        var root = GitIgnoreRules.Empty.With(string.Empty, ["*.gen.cs", "/out"]);
        var nested = root.With("src/app", ["!keep.gen.cs", "/local", "*.tmp"]);

        Assert.True(nested.IsIgnored("src/app/x.gen.cs", false));
        Assert.False(nested.IsIgnored("src/app/keep.gen.cs", false));
        Assert.True(nested.IsIgnored("src/keep.gen.cs", false));
        Assert.True(nested.IsIgnored("src/app/local", true)); // anchored to src/app
        Assert.False(nested.IsIgnored("local", true));
        Assert.False(nested.IsIgnored("src/local", true));
        Assert.True(nested.IsIgnored("src/app/deep/a.tmp", false));
        Assert.False(nested.IsIgnored("src/a.tmp", false));
        Assert.False(nested.IsIgnored("src/appendix/a.tmp", false)); // not below src/app
        Assert.True(nested.IsIgnored("out", true));
    }

    [Fact]
    public void With_NoPatterns_ReturnsTheSameRules()
    {
        Assert.Same(GitIgnoreRules.Empty, GitIgnoreRules.Empty.With("x", ["# only a comment", string.Empty]));
        Assert.False(GitIgnoreRules.Empty.IsIgnored("anything", false));
    }
}
