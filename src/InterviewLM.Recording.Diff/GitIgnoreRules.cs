namespace InterviewLM.Recording.Diff;

/// <summary>The <c>.gitignore</c> files in force for one directory of a walk: its own and those of the directories above it.</summary>
/// <remarks>
/// As in git, the last pattern that matches decides, and a deeper <c>.gitignore</c> comes after a shallower one; a file
/// inside an ignored directory is not looked at (the walk does not enter the directory), so it cannot be re-included.
/// </remarks>
internal sealed class GitIgnoreRules
{
    private readonly GitIgnoreRules? _parent;
    private readonly string _basePath;
    private readonly GitIgnorePattern[] _patterns;

    private GitIgnoreRules(GitIgnoreRules? parent, string basePath, GitIgnorePattern[] patterns)
    {
        _parent = parent;
        _basePath = basePath;
        _patterns = patterns;
    }

    /// <summary>Gets the rules of a tree without <c>.gitignore</c> files: nothing is ignored.</summary>
    public static GitIgnoreRules Empty { get; } = new(null, string.Empty, []);

    /// <summary>Returns these rules followed by the lines of the <c>.gitignore</c> file of a directory below.</summary>
    /// <param name="basePath">The directory of the file, relative to the root of the walk (<c>""</c> for the root), with <c>/</c> separators.</param>
    /// <param name="lines">The lines of the file.</param>
    /// <returns>The combined rules, or these rules if the file has no patterns.</returns>
    public GitIgnoreRules With(string basePath, IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(basePath);
        ArgumentNullException.ThrowIfNull(lines);
        var patterns = lines.Select(GitIgnorePattern.Parse).OfType<GitIgnorePattern>().ToArray();
        return patterns.Length == 0 ? this : new GitIgnoreRules(this, basePath, patterns);
    }

    /// <summary>Tells whether a path is ignored.</summary>
    /// <param name="relativePath">The path relative to the root of the walk, with <c>/</c> separators.</param>
    /// <param name="isDirectory">Whether the path names a directory.</param>
    /// <returns><see langword="true"/> if the last matching pattern excludes the path.</returns>
    public bool IsIgnored(string relativePath, bool isDirectory)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        return Decide(relativePath, isDirectory) ?? false;
    }

    private bool? Decide(string relativePath, bool isDirectory)
    {
        var decision = _parent?.Decide(relativePath, isDirectory);
        if (_patterns.Length == 0)
        {
            return decision;
        }

        string local;
        if (_basePath.Length == 0)
        {
            local = relativePath;
        }
        else if (relativePath.Length > _basePath.Length && relativePath[_basePath.Length] == '/' && relativePath.StartsWith(_basePath, StringComparison.Ordinal))
        {
            local = relativePath[(_basePath.Length + 1)..];
        }
        else
        {
            return decision;
        }

        foreach (var pattern in _patterns)
        {
            if (pattern.IsMatch(local, isDirectory))
            {
                decision = !pattern.Negated;
            }
        }

        return decision;
    }
}
