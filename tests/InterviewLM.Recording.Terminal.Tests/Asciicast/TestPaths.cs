namespace InterviewLM.Recording.Terminal.Tests;

/// <summary>Locates the repository root and the shared corpus.</summary>
internal static class TestPaths
{
    private static readonly Lazy<string> s_repoRoot = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "InterviewLM.Recording.sln")) || File.Exists(Path.Combine(dir.FullName, "InterviewLM.Recording.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("InterviewLM.Recording.sln not found above " + AppContext.BaseDirectory);
    });

    public static string RepoRoot => s_repoRoot.Value;

    public static string Asciicasts => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "corpus", "asciicasts"));

    public static string Fixture(string relative) => Path.Combine(Asciicasts, "format-fixtures", "asciinema-server", relative);

    public static IEnumerable<string> CorpusCasts() => Directory.EnumerateFiles(Asciicasts)
        .Where(f => f.EndsWith(".cast", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal);
}
