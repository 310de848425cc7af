namespace InterviewLM.Recording.TestUtils;

/// <summary>Finds the repository root (the folder holding the solution) and the shared corpus beside it.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>Gets the repository root.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>Gets <c>../shared</c> relative to the repository root.</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    /// <summary>Gets the shared corpus folder.</summary>
    public static string Corpus => Path.Combine(Shared, "corpus");

    /// <summary>Gets the JSON Schema folder.</summary>
    public static string Schemas => Path.Combine(Root, "schemas", "v1");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "InterviewLM.Recording.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No InterviewLM.Recording.sln above {AppContext.BaseDirectory}.");
    }
}
