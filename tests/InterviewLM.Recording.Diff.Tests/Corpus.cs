namespace InterviewLM.Recording.Diff.Tests;

/// <summary>Finds the shared corpus next to the repository (never copied into it).</summary>
internal static class Corpus
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string SequentialTraces => Path.Combine(RepoRoot, "..", "shared", "corpus", "editing-traces", "sequential_traces");

    public static IEnumerable<string> AllSequentialTraces()
    {
        var directory = SequentialTraces;
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"The editing-traces corpus is missing at {directory}.");
        }

        return Directory.GetFiles(directory, "*.json.gz").Concat(Directory.GetFiles(Path.Combine(directory, "ascii_only"), "*.json.gz")).Order(StringComparer.Ordinal);
    }

    private static string FindRepoRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "InterviewLM.Recording.sln")) || File.Exists(Path.Combine(directory.FullName, "InterviewLM.Recording.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Could not find the repository root (the folder holding InterviewLM.Recording.sln).");
    }
}
