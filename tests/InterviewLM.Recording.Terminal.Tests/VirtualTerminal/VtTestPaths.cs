using InterviewLM.Recording.TestUtils;
namespace InterviewLM.Recording.Terminal.Tests;

/// <summary>Locates the repository root and the shared corpus (../shared next to the repository).</summary>
internal static class VtTestPaths
{
    private static readonly Lazy<string> s_repoRoot = new(FindRepoRoot);

    public static string RepoRoot => s_repoRoot.Value;

    public static string Shared => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

    public static string Corpus => Path.Combine(Shared, "corpus");

    public static string VtCorpus => Path.Combine(Corpus, "vt");

    public static string Asciicasts => Path.Combine(Corpus, "asciicasts");

    public static string Peers => Path.Combine(Shared, "peers");

    private static string FindRepoRoot() => RepoPaths.Root;
}
