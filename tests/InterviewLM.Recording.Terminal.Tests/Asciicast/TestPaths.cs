using InterviewLM.Recording.TestUtils;

namespace InterviewLM.Recording.Terminal.Tests;

/// <summary>Locates the repository root and the shared corpus.</summary>
internal static class TestPaths
{
    public static string RepoRoot => RepoPaths.Root;

    public static string Asciicasts => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "corpus", "asciicasts"));

    public static string Fixture(string relative) => Path.Combine(Asciicasts, "format-fixtures", "asciinema-server", relative);

    public static IEnumerable<string> CorpusCasts() => Directory.EnumerateFiles(Asciicasts)
        .Where(f => f.EndsWith(".cast", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal);
}
