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

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "InterviewLM.Recording.sln")) ||
                File.Exists(Path.Combine(dir.FullName, "InterviewLM.Recording.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (the folder holding InterviewLM.Recording.sln) above " + AppContext.BaseDirectory);
    }
}
