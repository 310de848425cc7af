using System.Collections.Immutable;
using System.Text;
using DiffPlex;

namespace InterviewLM.Recording.Diff;

/// <summary>Creates, applies and inverts compact line diffs (<see cref="LineDiffOperation"/> lists) with DiffPlex's Myers differ.</summary>
/// <remarks>
/// Lines keep their terminators (<c>\r\n</c>, <c>\n</c> or a lone <c>\r</c>), so a change of line ending or of the final
/// newline is a change, and whitespace is never ignored. A diff covers every line of the old text: the kept and deleted
/// counts add up to the old text's line count, which <see cref="Apply"/> checks.
/// </remarks>
public static class LineDiff
{
    /// <summary>Splits <paramref name="text"/> into lines, each with its terminator; an empty text has no lines.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The lines; concatenated they give <paramref name="text"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    public static IReadOnlyList<string> SplitLines(string text) => LineSplitter.Editor.Split(text);

    /// <summary>Computes the line diff that turns <paramref name="oldText"/> into <paramref name="newText"/>.</summary>
    /// <param name="oldText">The old text.</param>
    /// <param name="newText">The new text.</param>
    /// <returns>The operations: keep, delete and insert runs in old-text order, deletes before inserts within a change.</returns>
    /// <exception cref="ArgumentNullException">A text is <see langword="null"/>.</exception>
    public static EquatableArray<LineDiffOperation> Create(string oldText, string newText)
    {
        ArgumentNullException.ThrowIfNull(oldText);
        ArgumentNullException.ThrowIfNull(newText);
        return Create(oldText, newText, LineSplitter.Editor);
    }

    internal static EquatableArray<LineDiffOperation> Create(string oldText, string newText, LineSplitter splitter)
    {
        // Lines shared at both ends are counted, not diffed: a snapshot after a few keystrokes only splits and diffs
        // the lines around them. Both cut points sit just after a '\n', a line start for either splitter.
        var prefix = oldText.AsSpan().CommonPrefixLength(newText);
        prefix = prefix == 0 ? 0 : oldText.AsSpan(0, prefix).LastIndexOf('\n') + 1;
        var room = Math.Min(oldText.Length, newText.Length) - prefix;
        var suffix = CommonSuffixLength(oldText.AsSpan(prefix), newText.AsSpan(prefix));
        suffix = Math.Min(suffix, room);
        if (suffix > 0)
        {
            var firstNewline = oldText.AsSpan(oldText.Length - suffix, suffix).IndexOf('\n');
            suffix = firstNewline < 0 ? 0 : suffix - firstNewline - 1;
        }

        var operations = ImmutableArray.CreateBuilder<LineDiffOperation>();
        var prefixLines = splitter.Count(oldText.AsSpan(0, prefix));
        if (prefixLines > 0)
        {
            operations.Add(LineDiffOperation.Keep(prefixLines));
        }

        var oldMiddle = oldText.Substring(prefix, oldText.Length - prefix - suffix);
        var newMiddle = newText.Substring(prefix, newText.Length - prefix - suffix);
        if (oldMiddle.Length > 0 || newMiddle.Length > 0)
        {
            AddMiddle(operations, oldMiddle, newMiddle, splitter);
        }

        var suffixLines = splitter.Count(oldText.AsSpan(oldText.Length - suffix));
        if (suffixLines > 0)
        {
            if (operations.Count > 0 && operations[^1].Kind == LineDiffKind.Keep)
            {
                operations[^1] = LineDiffOperation.Keep(operations[^1].Count + suffixLines);
            }
            else
            {
                operations.Add(LineDiffOperation.Keep(suffixLines));
            }
        }

        return operations.ToImmutable();
    }

    private static void AddMiddle(ImmutableArray<LineDiffOperation>.Builder operations, string oldText, string newText, LineSplitter splitter)
    {
        var result = Differ.Instance.CreateDiffs(oldText, newText, ignoreWhiteSpace: false, ignoreCase: false, splitter);
        var oldLineCount = result.PiecesOld.Count;
        var position = 0;
        foreach (var block in result.DiffBlocks)
        {
            if (block.DeleteStartA > position)
            {
                AddKeep(operations, block.DeleteStartA - position);
            }

            if (block.DeleteCountA > 0)
            {
                operations.Add(LineDiffOperation.Delete(block.DeleteCountA));
            }

            if (block.InsertCountB > 0)
            {
                var lines = new string[block.InsertCountB];
                for (var i = 0; i < lines.Length; i++)
                {
                    lines[i] = result.PiecesNew[block.InsertStartB + i];
                }

                operations.Add(LineDiffOperation.Insert(lines));
            }

            position = block.DeleteStartA + block.DeleteCountA;
        }

        if (position < oldLineCount)
        {
            AddKeep(operations, oldLineCount - position);
        }
    }

    private static int CommonSuffixLength(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        const int Block = 256;
        var max = Math.Min(a.Length, b.Length);
        var length = 0;
        while (length + Block <= max && a.Slice(a.Length - length - Block, Block).SequenceEqual(b.Slice(b.Length - length - Block, Block)))
        {
            length += Block;
        }

        while (length < max && a[a.Length - length - 1] == b[b.Length - length - 1])
        {
            length++;
        }

        return length;
    }

    private static void AddKeep(ImmutableArray<LineDiffOperation>.Builder operations, int count)
    {
        if (operations.Count > 0 && operations[^1].Kind == LineDiffKind.Keep)
        {
            operations[^1] = LineDiffOperation.Keep(operations[^1].Count + count);
        }
        else
        {
            operations.Add(LineDiffOperation.Keep(count));
        }
    }

    /// <summary>Applies <paramref name="operations"/> to <paramref name="oldText"/>.</summary>
    /// <param name="operations">The diff, as made by <see cref="Create(string, string)"/>.</param>
    /// <param name="oldText">The text the diff was made from.</param>
    /// <returns>The new text.</returns>
    /// <exception cref="ArgumentNullException">An argument or an operation is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The diff does not fit <paramref name="oldText"/> (it keeps or deletes more or fewer lines than the text has, or an operation is malformed).</exception>
    public static string Apply(IReadOnlyList<LineDiffOperation> operations, string oldText)
    {
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentNullException.ThrowIfNull(oldText);
        var oldLines = LineSplitter.Editor.Split(oldText);
        var builder = new StringBuilder(oldText.Length + 64);
        var position = 0;
        foreach (var operation in operations)
        {
            ValidateOperation(operation, oldLines.Length, position, nameof(operations));
            switch (operation.Kind)
            {
                case LineDiffKind.Keep:
                    for (var i = 0; i < operation.Count; i++)
                    {
                        builder.Append(oldLines[position + i]);
                    }

                    position += operation.Count;
                    break;
                case LineDiffKind.Delete:
                    position += operation.Count;
                    break;
                default:
                    foreach (var line in operation.Lines)
                    {
                        builder.Append(line);
                    }

                    break;
            }
        }

        if (position != oldLines.Length)
        {
            throw new ArgumentException($"The diff covers {position} lines but the old text has {oldLines.Length}.", nameof(operations));
        }

        return builder.ToString();
    }

    /// <summary>Computes the diff that undoes <paramref name="operations"/>: applied to the new text, it gives <paramref name="oldText"/> back.</summary>
    /// <param name="operations">The diff.</param>
    /// <param name="oldText">The text the diff was made from (the deleted lines come from it).</param>
    /// <returns>The inverse diff, deletes before inserts within a change.</returns>
    /// <exception cref="ArgumentNullException">An argument or an operation is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The diff does not fit <paramref name="oldText"/>.</exception>
    public static EquatableArray<LineDiffOperation> Invert(IReadOnlyList<LineDiffOperation> operations, string oldText)
    {
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentNullException.ThrowIfNull(oldText);
        var oldLines = LineSplitter.Editor.Split(oldText);
        var inverted = ImmutableArray.CreateBuilder<LineDiffOperation>(operations.Count);
        var position = 0;
        var pendingDelete = 0;
        var pendingInsert = new List<string>();

        void FlushChange()
        {
            if (pendingDelete > 0)
            {
                inverted.Add(LineDiffOperation.Delete(pendingDelete));
                pendingDelete = 0;
            }

            if (pendingInsert.Count > 0)
            {
                inverted.Add(LineDiffOperation.Insert(pendingInsert.ToArray()));
                pendingInsert.Clear();
            }
        }

        foreach (var operation in operations)
        {
            ValidateOperation(operation, oldLines.Length, position, nameof(operations));
            switch (operation.Kind)
            {
                case LineDiffKind.Keep:
                    FlushChange();
                    if (operation.Count > 0)
                    {
                        inverted.Add(LineDiffOperation.Keep(operation.Count));
                    }

                    position += operation.Count;
                    break;
                case LineDiffKind.Delete:
                    pendingInsert.AddRange(oldLines.AsSpan(position, operation.Count));
                    position += operation.Count;
                    break;
                default:
                    pendingDelete += operation.Count;
                    break;
            }
        }

        FlushChange();
        if (position != oldLines.Length)
        {
            throw new ArgumentException($"The diff covers {position} lines but the old text has {oldLines.Length}.", nameof(operations));
        }

        return inverted.ToImmutable();
    }

    /// <summary>Turns a line diff into Monaco-style changes against <paramref name="oldText"/>: one change per run of deleted and inserted lines, offsets in the old text, ascending and not overlapping.</summary>
    /// <param name="operations">The diff.</param>
    /// <param name="oldText">The text the diff was made from.</param>
    /// <returns>The changes; applied together (as one <see cref="TextEdited"/>) they turn <paramref name="oldText"/> into the new text.</returns>
    /// <exception cref="ArgumentNullException">An argument or an operation is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The diff does not fit <paramref name="oldText"/>.</exception>
    public static IReadOnlyList<TextChange> ToTextChanges(IReadOnlyList<LineDiffOperation> operations, string oldText)
    {
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentNullException.ThrowIfNull(oldText);
        var oldLines = LineSplitter.Editor.Split(oldText);
        var changes = new List<TextChange>();
        var position = 0;
        var offset = 0;
        var changeStart = -1;
        var deleted = 0;
        var inserted = new StringBuilder();

        void Flush()
        {
            if (changeStart >= 0)
            {
                changes.Add(new TextChange(changeStart, deleted, inserted.ToString()));
                changeStart = -1;
                deleted = 0;
                inserted.Clear();
            }
        }

        foreach (var operation in operations)
        {
            ValidateOperation(operation, oldLines.Length, position, nameof(operations));
            switch (operation.Kind)
            {
                case LineDiffKind.Keep:
                    Flush();
                    for (var i = 0; i < operation.Count; i++)
                    {
                        offset += oldLines[position++].Length;
                    }

                    break;
                case LineDiffKind.Delete:
                    changeStart = changeStart < 0 ? offset : changeStart;
                    for (var i = 0; i < operation.Count; i++)
                    {
                        var length = oldLines[position++].Length;
                        offset += length;
                        deleted += length;
                    }

                    break;
                default:
                    changeStart = changeStart < 0 ? offset : changeStart;
                    foreach (var line in operation.Lines)
                    {
                        inserted.Append(line);
                    }

                    break;
            }
        }

        Flush();
        if (position != oldLines.Length)
        {
            throw new ArgumentException($"The diff covers {position} lines but the old text has {oldLines.Length}.", nameof(operations));
        }

        return changes;
    }

    private static void ValidateOperation(LineDiffOperation? operation, int oldLineCount, int position, string parameterName)
    {
        if (operation is null)
        {
            throw new ArgumentNullException(parameterName, "A diff operation is null.");
        }

        switch (operation.Kind)
        {
            case LineDiffKind.Keep or LineDiffKind.Delete:
                if (operation.Count < 0 || position + operation.Count > oldLineCount)
                {
                    throw new ArgumentException($"A {operation.Kind} of {operation.Count} lines at line {position + 1} goes past the old text's {oldLineCount} lines.", parameterName);
                }

                break;
            case LineDiffKind.Insert:
                if (operation.Count != operation.Lines.Count)
                {
                    throw new ArgumentException($"An insert says {operation.Count} lines but carries {operation.Lines.Count}.", parameterName);
                }

                break;
            default:
                throw new ArgumentException($"Unknown diff operation kind {operation.Kind}.", parameterName);
        }
    }
}
