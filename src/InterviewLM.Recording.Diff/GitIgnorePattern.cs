using System.Text;
using System.Text.RegularExpressions;

namespace InterviewLM.Recording.Diff;

/// <summary>One line of a <c>.gitignore</c> file, matched as git matches it (the subset <see cref="WorkingDirectoryWatcher"/> documents).</summary>
/// <remarks>
/// <c>*</c> matches anything but <c>/</c>, <c>?</c> one character but <c>/</c>, <c>[abc]</c>/<c>[a-z]</c>/<c>[!a]</c> one character
/// of a set; a leading <c>**/</c> matches in every directory, <c>/**/</c> zero or more directories, a trailing <c>/**</c>
/// everything inside. A pattern with a <c>/</c> before its end is anchored to the directory of its <c>.gitignore</c>
/// (a leading <c>/</c> only anchors); one without matches a name at any depth. A trailing <c>/</c> matches only
/// directories; a leading <c>!</c> re-includes what an earlier pattern excluded; <c>\</c> escapes the next character.
/// </remarks>
internal sealed class GitIgnorePattern
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    private readonly Regex _regex;
    private readonly bool _anchored;

    private GitIgnorePattern(Regex regex, bool anchored, bool negated, bool directoryOnly)
    {
        _regex = regex;
        _anchored = anchored;
        Negated = negated;
        DirectoryOnly = directoryOnly;
    }

    /// <summary>Gets a value indicating whether the pattern re-includes (<c>!</c>).</summary>
    public bool Negated { get; }

    /// <summary>Gets a value indicating whether the pattern matches only directories (trailing <c>/</c>).</summary>
    public bool DirectoryOnly { get; }

    /// <summary>Parses one line of a <c>.gitignore</c> file.</summary>
    /// <param name="line">The line, without its terminator.</param>
    /// <returns>The pattern, or <see langword="null"/> for a blank line or a comment.</returns>
    public static GitIgnorePattern? Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        line = line.TrimEnd('\r');
        if (line.Length == 0 || line[0] == '#')
        {
            return null;
        }

        // Trailing spaces are dropped unless escaped with a backslash.
        var end = line.Length;
        while (end > 0 && line[end - 1] == ' ' && !(end > 1 && line[end - 2] == '\\'))
        {
            end--;
        }

        line = line[..end];
        var negated = false;
        if (line.StartsWith('!'))
        {
            negated = true;
            line = line[1..];
        }

        var directoryOnly = false;
        if (line.EndsWith('/') && !line.EndsWith("\\/", StringComparison.Ordinal))
        {
            directoryOnly = true;
            line = line.TrimEnd('/');
        }

        if (line.Length == 0)
        {
            return null;
        }

        var anchored = line.Contains('/', StringComparison.Ordinal);
        if (line.StartsWith('/'))
        {
            line = line[1..];
        }

        return new GitIgnorePattern(new Regex(ToRegex(line), RegexOptions.CultureInvariant, MatchTimeout), anchored, negated, directoryOnly);
    }

    /// <summary>Tells whether the pattern matches a path.</summary>
    /// <param name="relativePath">The path relative to the directory of the pattern's <c>.gitignore</c>, with <c>/</c> separators.</param>
    /// <param name="isDirectory">Whether the path names a directory.</param>
    /// <returns><see langword="true"/> if the pattern matches.</returns>
    public bool IsMatch(string relativePath, bool isDirectory)
    {
        if (DirectoryOnly && !isDirectory)
        {
            return false;
        }

        var subject = _anchored ? relativePath : relativePath[(relativePath.LastIndexOf('/') + 1)..];
        return _regex.IsMatch(subject);
    }

    private static string ToRegex(string glob)
    {
        var regex = new StringBuilder("^");
        var i = 0;
        while (i < glob.Length)
        {
            var c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*'
                && (i == 0 || glob[i - 1] == '/') && (i + 2 == glob.Length || glob[i + 2] == '/'))
            {
                if (i + 2 == glob.Length)
                {
                    regex.Append(".*"); // a trailing "/**": everything inside (the "/" before it is already written)
                }
                else
                {
                    regex.Append("(?:.*/)?"); // "**/": zero or more directories
                    i++;
                }

                i += 2;
                continue;
            }

            switch (c)
            {
                case '*':
                    regex.Append("[^/]*");
                    break;
                case '?':
                    regex.Append("[^/]");
                    break;
                case '\\' when i + 1 < glob.Length:
                    regex.Append(Regex.Escape(new string(glob[++i], 1)));
                    break;
                case '[' when ClassEnd(glob, i) is var close && close > 0:
                    regex.Append(CharacterClass(glob[(i + 1)..close]));
                    i = close;
                    break;
                default:
                    regex.Append(Regex.Escape(new string(c, 1)));
                    break;
            }

            i++;
        }

        return regex.Append('$').ToString();
    }

    // The index of the "]" closing the class opened at `open` (a "]" right after "[" or "[!" is a member), or -1.
    private static int ClassEnd(string glob, int open)
    {
        var first = open + 1 < glob.Length && glob[open + 1] is '!' or '^' ? open + 2 : open + 1;
        return first + 1 < glob.Length ? glob.IndexOf(']', first + 1) : -1;
    }

    private static string CharacterClass(string body)
    {
        var result = new StringBuilder("[");
        var start = 0;
        if (body.Length > 0 && (body[0] == '!' || body[0] == '^'))
        {
            result.Append('^');
            start = 1;
        }

        for (var i = start; i < body.Length; i++)
        {
            var c = body[i];
            if (c is '\\' or ']' or '[' or '^')
            {
                result.Append('\\');
            }

            result.Append(c);
        }

        return result.Append(']').ToString();
    }
}
