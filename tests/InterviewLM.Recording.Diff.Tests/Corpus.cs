using InterviewLM.Recording.TestUtils;
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

    private static string FindRepoRoot() => RepoPaths.Root;
}
