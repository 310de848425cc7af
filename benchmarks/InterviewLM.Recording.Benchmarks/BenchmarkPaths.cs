namespace InterviewLM.Recording.Benchmarks;

/// <summary>Finds the repository and the shared corpus from wherever BenchmarkDotNet runs the benchmark.</summary>
internal static class BenchmarkPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Corpus => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "corpus"));

    private static string FindRepoRoot()
    {
        if (Environment.GetEnvironmentVariable("ILMREC_REPO_ROOT") is { Length: > 0 } configured)
        {
            return configured;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "InterviewLM.Recording.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Repository root not found; set ILMREC_REPO_ROOT.");
    }
}
