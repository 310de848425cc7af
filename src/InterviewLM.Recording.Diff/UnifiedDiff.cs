using System.Globalization;
using System.Text;

namespace InterviewLM.Recording.Diff;

/// <summary>Writes unified diffs that <c>git apply</c> and GNU <c>patch</c> apply exactly.</summary>
/// <remarks>
/// Lines are split on <c>\n</c> only, as the patch tools do, so a <c>\r</c> before it stays in the line and CRLF files
/// round-trip. A last line without a newline is followed by <c>\ No newline at end of file</c>. Whitespace is never ignored.
/// </remarks>
public static class UnifiedDiff
{
    private const string NoNewline = "\\ No newline at end of file\n";

    /// <summary>Creates the unified diff from <paramref name="oldText"/> to <paramref name="newText"/>.</summary>
    /// <param name="oldText">The old content.</param>
    /// <param name="newText">The new content.</param>
    /// <param name="oldName">The name on the <c>---</c> line, for example <c>a/src/main.py</c>.</param>
    /// <param name="newName">The name on the <c>+++</c> line, for example <c>b/src/main.py</c>.</param>
    /// <param name="context">The number of unchanged lines around each change.</param>
    /// <returns>The diff, or an empty string when the texts are equal.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="context"/> is negative.</exception>
    public static string Create(string oldText, string newText, string oldName = "a/file", string newName = "b/file", int context = 3)
    {
        ArgumentNullException.ThrowIfNull(oldText);
        ArgumentNullException.ThrowIfNull(newText);
        ArgumentNullException.ThrowIfNull(oldName);
        ArgumentNullException.ThrowIfNull(newName);
        ArgumentOutOfRangeException.ThrowIfNegative(context);
        if (string.Equals(oldText, newText, StringComparison.Ordinal))
        {
            return string.Empty;
        }

        var oldLines = LineSplitter.Patch.Split(oldText);
        var operations = LineDiff.Create(oldText, newText, LineSplitter.Patch);

        // One entry per line of the edit script: ' ' kept, '-' deleted, '+' inserted.
        var entries = new List<(char Tag, string Line, int OldIndex, int NewIndex)>(oldLines.Length + 16);
        int oldIndex = 0, newIndex = 0;
        foreach (var operation in operations)
        {
            switch (operation.Kind)
            {
                case LineDiffKind.Keep:
                    for (var i = 0; i < operation.Count; i++)
                    {
                        entries.Add((' ', oldLines[oldIndex], oldIndex++, newIndex++));
                    }

                    break;
                case LineDiffKind.Delete:
                    for (var i = 0; i < operation.Count; i++)
                    {
                        entries.Add(('-', oldLines[oldIndex], oldIndex++, newIndex));
                    }

                    break;
                default:
                    foreach (var line in operation.Lines)
                    {
                        entries.Add(('+', line, oldIndex, newIndex++));
                    }

                    break;
            }
        }

        var output = new StringBuilder();
        output.Append("--- ").Append(oldName).Append('\n');
        output.Append("+++ ").Append(newName).Append('\n');
        var index = 0;
        while (true)
        {
            var firstChange = NextChange(entries, index);
            if (firstChange < 0)
            {
                break;
            }

            // Extend the hunk while the next change is at most 2 * context unchanged lines away.
            var lastChange = firstChange;
            while (true)
            {
                var following = NextChange(entries, lastChange + 1);
                if (following < 0 || following - lastChange - 1 > 2 * context)
                {
                    break;
                }

                lastChange = following;
            }

            var start = Math.Max(index, firstChange - context);
            var end = Math.Min(entries.Count, lastChange + context + 1);
            WriteHunk(output, entries, start, end);
            index = end;
        }

        return output.ToString();
    }

    private static int NextChange(List<(char Tag, string Line, int OldIndex, int NewIndex)> entries, int from)
    {
        for (var i = from; i < entries.Count; i++)
        {
            if (entries[i].Tag != ' ')
            {
                return i;
            }
        }

        return -1;
    }

    private static void WriteHunk(StringBuilder output, List<(char Tag, string Line, int OldIndex, int NewIndex)> entries, int start, int end)
    {
        int oldCount = 0, newCount = 0;
        for (var i = start; i < end; i++)
        {
            if (entries[i].Tag != '+')
            {
                oldCount++;
            }

            if (entries[i].Tag != '-')
            {
                newCount++;
            }
        }

        // A range with no lines names the line before it (0 for the start of the file).
        var oldStart = entries[start].OldIndex + (oldCount > 0 ? 1 : 0);
        var newStart = entries[start].NewIndex + (newCount > 0 ? 1 : 0);
        output.Append(CultureInfo.InvariantCulture, $"@@ -{oldStart},{oldCount} +{newStart},{newCount} @@\n");
        for (var i = start; i < end; i++)
        {
            var (tag, line, _, _) = entries[i];
            output.Append(tag).Append(line);
            if (!line.EndsWith('\n'))
            {
                output.Append('\n').Append(NoNewline);
            }
        }
    }
}
