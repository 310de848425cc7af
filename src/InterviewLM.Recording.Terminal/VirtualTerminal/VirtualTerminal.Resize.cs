namespace InterviewLM.Recording.Terminal;

/// <content>Resizing, as xterm.js's <c>Buffer.resize</c> does it without scrollback: rows are cut or padded, and the normal
/// screen reflows soft-wrapped lines (the alternate screen keeps over-long lines as they are).</content>
public sealed partial class VirtualTerminal
{
    private static void ResizeBuffer(ScreenBuffer buffer, int newCols, int newRows, bool reflow)
    {
        var nullCell = BlankCell(0);
        var oldCols = buffer.Columns;
        var oldRows = buffer.RowCount;
        if (buffer.IsFilled)
        {
            // Back to xterm.js's absolute line order: the screen shows lines[ybase..], read cyclically when xterm.js's
            // viewport went past its lines (see ReflowSmaller).
            List<Row> lines;
            int ybase;
            if (buffer.Above.Count > 0)
            {
                lines = [.. buffer.Above, .. buffer.Lines];
                ybase = buffer.Above.Count;
            }
            else
            {
                var count = buffer.Lines.Length;
                ybase = buffer.Ybase % count;
                lines = new List<Row>(count);
                for (var i = 0; i < count; i++)
                {
                    lines.Add(buffer.Lines[((i - ybase) % count + count) % count]);
                }
            }

            var savedAbsolute = buffer.SavedY + ybase;
            var maxLength = Math.Max(buffer.Capacity, newRows);
            if (maxLength != buffer.Capacity)
            {
                buffer.StartIndex = 0; // xterm.js copies the list into a new array when its capacity changes
            }

            if (oldCols < newCols)
            {
                foreach (var line in lines)
                {
                    line.Resize(newCols, nullCell);
                }
            }

            var addToY = 0;
            if (oldRows < newRows)
            {
                for (var y = oldRows; y < newRows; y++)
                {
                    if (lines.Count < newRows + ybase)
                    {
                        if (ybase > 0 && lines.Count <= ybase + buffer.Y + addToY + 1)
                        {
                            ybase--;
                            addToY++;
                        }
                        else
                        {
                            lines.Add(new Row(newCols, nullCell));
                        }
                    }
                }
            }
            else
            {
                for (var y = oldRows; y > newRows; y--)
                {
                    // Lines below the cursor go first; then the screen moves down (and the top is trimmed below).
                    if (lines.Count > newRows + ybase)
                    {
                        if (lines.Count > ybase + buffer.Y + 1)
                        {
                            lines.RemoveAt(lines.Count - 1);
                        }
                        else
                        {
                            ybase++;
                        }
                    }
                }
            }

            if (newRows < maxLength)
            {
                var amountToTrim = lines.Count - newRows;
                if (amountToTrim > 0)
                {
                    lines.RemoveRange(0, amountToTrim);
                    ybase = Math.Max(ybase - amountToTrim, 0);
                    savedAbsolute = Math.Max(savedAbsolute - amountToTrim, 0);
                }

                maxLength = newRows;
                buffer.StartIndex = 0;
            }

            buffer.X = Math.Min(buffer.X, newCols - 1);
            buffer.Y = Math.Min(buffer.Y, newRows - 1) + addToY;
            buffer.SavedX = Math.Min(buffer.SavedX, newCols - 1);
            buffer.ScrollTop = 0;

            if (reflow && oldCols != newCols)
            {
                if (newCols > oldCols)
                {
                    ReflowLarger(buffer, lines, oldCols, newCols, newRows, nullCell, ref ybase, ref savedAbsolute);
                }
                else
                {
                    ReflowSmaller(buffer, lines, oldCols, newCols, newRows, nullCell, ref ybase, ref savedAbsolute, maxLength);
                }
            }

            if (reflow && oldCols > newCols)
            {
                foreach (var line in lines)
                {
                    line.Resize(newCols, nullCell);
                }
            }

            while (lines.Count < newRows)
            {
                lines.Add(new Row(newCols, nullCell));
            }

            // Screen order again: line y of the screen is lines[ybase + y] (cyclically if xterm.js's viewport overruns).
            var view = new Row[newRows];
            buffer.Above.Clear();
            if (ybase + newRows <= lines.Count)
            {
                buffer.Above.AddRange(lines.GetRange(0, ybase));
                lines.CopyTo(ybase, view, 0, newRows);
            }
            else
            {
                for (var y = 0; y < newRows; y++)
                {
                    view[y] = lines[(ybase + y) % lines.Count];
                }
            }

            buffer.Lines = view;
            buffer.Ybase = ybase;
            buffer.Capacity = maxLength;
            buffer.SavedY = Math.Clamp(savedAbsolute - ybase, -MaximumSize, MaximumSize);
            buffer.Y = Math.Max(Math.Min(buffer.Y, newRows - 1), 0);
        }
        else if (newRows > buffer.Capacity)
        {
            buffer.Capacity = newRows;
            buffer.StartIndex = 0;
        }

        buffer.ScrollBottom = newRows - 1;
        var tabs = new bool[newCols + 1];
        buffer.Tabs.AsSpan(0, Math.Min(buffer.Tabs.Length, tabs.Length)).CopyTo(tabs);
        buffer.Tabs = tabs;
        buffer.Columns = newCols;
        buffer.RowCount = newRows;
        buffer.SetupTabStops(newCols);
    }

    /// <summary>xterm.js <c>getWrappedLineTrimmedLength</c>.</summary>
    private static int WrappedLineTrimmedLength(List<Row> lines, int i, int cols)
    {
        if (i == lines.Count - 1)
        {
            return lines[i].TrimmedLength;
        }

        var last = lines[i].Cells[cols - 1];
        var endsInNull = !last.HasContent && last.Width == 1;
        var followingLineStartsWithWide = lines[i + 1].Cells[0].Width == 2;
        return endsInNull && followingLineStartsWithWide ? cols - 1 : cols;
    }

    private static void ReflowLarger(ScreenBuffer buffer, List<Row> lines, int oldCols, int newCols, int newRows, Cell nullCell, ref int ybase, ref int savedAbsolute)
    {
        // reflowLargerGetLinesToRemove: pull wrapped continuations up into the wider lines.
        var toRemove = new List<(int Start, int Count)>();
        for (var y = 0; y < lines.Count - 1; y++)
        {
            var i = y;
            var nextLine = lines[++i];
            if (!nextLine.Wrapped)
            {
                continue;
            }

            var wrapped = new List<Row> { lines[y] };
            while (i < lines.Count && nextLine.Wrapped)
            {
                wrapped.Add(nextLine);
                if (++i >= lines.Count)
                {
                    break;
                }

                nextLine = lines[i];
            }

            // The cursor's own wrapped line is left alone (reflowCursorLine is off by default).
            if (ybase + buffer.Y >= y && ybase + buffer.Y < i)
            {
                y += wrapped.Count - 1;
                continue;
            }

            var destLineIndex = 0;
            var destCol = WrappedLineTrimmedLength(wrapped, destLineIndex, oldCols);
            var srcLineIndex = 1;
            var srcCol = 0;
            while (srcLineIndex < wrapped.Count)
            {
                var srcTrimmed = WrappedLineTrimmedLength(wrapped, srcLineIndex, oldCols);
                var cellsToCopy = Math.Min(srcTrimmed - srcCol, newCols - destCol);
                wrapped[destLineIndex].CopyCellsFrom(wrapped[srcLineIndex], srcCol, destCol, cellsToCopy);
                destCol += cellsToCopy;
                if (destCol == newCols)
                {
                    destLineIndex++;
                    destCol = 0;
                }

                srcCol += cellsToCopy;
                if (srcCol == srcTrimmed)
                {
                    srcLineIndex++;
                    srcCol = 0;
                }

                if (destCol == 0 && destLineIndex != 0 && wrapped[destLineIndex - 1].Cells[newCols - 1].Width == 2)
                {
                    wrapped[destLineIndex].CopyCellsFrom(wrapped[destLineIndex - 1], newCols - 1, destCol++, 1);
                    wrapped[destLineIndex - 1].Cells[newCols - 1] = nullCell;
                }
            }

            wrapped[destLineIndex].ReplaceCells(destCol, newCols, nullCell, respectProtected: false);
            var countToRemove = 0;
            for (var k = wrapped.Count - 1; k > 0; k--)
            {
                if (k > destLineIndex || wrapped[k].TrimmedLength == 0)
                {
                    countToRemove++;
                }
                else
                {
                    break;
                }
            }

            if (countToRemove > 0)
            {
                toRemove.Add((y + wrapped.Count - countToRemove, countToRemove));
            }

            y += wrapped.Count - 1;
        }

        if (toRemove.Count == 0)
        {
            return;
        }

        var removed = 0;
        for (var k = toRemove.Count - 1; k >= 0; k--)
        {
            lines.RemoveRange(toRemove[k].Start, toRemove[k].Count);
            removed += toRemove[k].Count;
        }

        // _reflowLargerAdjustViewport.
        for (var k = 0; k < removed; k++)
        {
            if (ybase == 0)
            {
                if (buffer.Y > 0)
                {
                    buffer.Y--;
                }

                if (lines.Count < newRows)
                {
                    lines.Add(new Row(newCols, nullCell));
                }
            }
            else
            {
                ybase--;
            }
        }

        savedAbsolute = Math.Max(savedAbsolute - removed, 0);
    }

    private static List<int> ReflowSmallerNewLineLengths(List<Row> wrapped, int oldCols, int newCols)
    {
        var lengths = new List<int>();
        var cellsNeeded = 0;
        for (var i = 0; i < wrapped.Count; i++)
        {
            cellsNeeded += WrappedLineTrimmedLength(wrapped, i, oldCols);
        }

        var srcCol = 0;
        var srcLine = 0;
        var cellsAvailable = 0;
        while (cellsAvailable < cellsNeeded)
        {
            if (cellsNeeded - cellsAvailable < newCols)
            {
                lengths.Add(cellsNeeded - cellsAvailable);
                break;
            }

            srcCol += newCols;
            var oldTrimmed = WrappedLineTrimmedLength(wrapped, srcLine, oldCols);
            if (srcCol > oldTrimmed)
            {
                srcCol -= oldTrimmed;
                srcLine++;
            }

            var endsWithWide = srcCol >= 1 && srcLine < wrapped.Count && srcCol - 1 < wrapped[srcLine].Length && wrapped[srcLine].Cells[srcCol - 1].Width == 2;
            if (endsWithWide)
            {
                srcCol--;
            }

            var lineLength = endsWithWide ? newCols - 1 : newCols;
            lengths.Add(lineLength);
            cellsAvailable += lineLength;
        }

        return lengths;
    }

    private static void ReflowSmaller(ScreenBuffer buffer, List<Row> lines, int oldCols, int newCols, int newRows, Cell nullCell, ref int ybase, ref int savedAbsolute, int maxLength)
    {
        // xterm.js keeps lines in a circular list of capacity newRows: pop() only shortens it, and get(y) past the end
        // still returns the popped line. The store below mirrors that, so popped lines are reflowed exactly as there.
        var store = new Row?[maxLength];
        var count = Math.Min(lines.Count, maxLength);
        for (var k = 0; k < count; k++)
        {
            store[k] = lines[k];
        }

        var toInsert = new List<(int Start, List<Row> NewLines)>();
        var countToInsert = 0;

        // xterm.js can end up with its viewport inside a full buffer (ybase > 0 without scrollback); it then reads
        // lines cyclically. ResizeBuffer turns that back into screen order.
        for (var y = count - 1; y >= 0; y--)
        {
            var nextLine = store[y];
            if (nextLine is null || (!nextLine.Wrapped && nextLine.TrimmedLength <= newCols))
            {
                continue;
            }

            var wrapped = new List<Row> { nextLine };
            while (nextLine.Wrapped && y > 0)
            {
                nextLine = store[--y];
                if (nextLine is null)
                {
                    break;
                }

                wrapped.Insert(0, nextLine);
            }

            if (nextLine is null)
            {
                continue;
            }

            if (ybase + buffer.Y >= y && ybase + buffer.Y < y + wrapped.Count)
            {
                continue;
            }

            var lastLineLength = wrapped[^1].TrimmedLength;
            var destLineLengths = ReflowSmallerNewLineLengths(wrapped, oldCols, newCols);
            var linesToAdd = destLineLengths.Count - wrapped.Count;
            var trimmedLines = ybase == 0 && buffer.Y != count - 1
                ? Math.Max(0, buffer.Y - maxLength + linesToAdd)
                : Math.Max(0, count - maxLength + linesToAdd);

            var newLines = new List<Row>();
            for (var k = 0; k < linesToAdd; k++)
            {
                newLines.Add(new Row(newCols, nullCell) { Wrapped = true });
            }

            if (newLines.Count > 0)
            {
                toInsert.Add((y + wrapped.Count + countToInsert, newLines));
                countToInsert += newLines.Count;
            }

            wrapped.AddRange(newLines);
            var destLineIndex = destLineLengths.Count - 1;
            // A wrapped group with no content at all has no new lengths: nothing is copied (xterm.js reads past its
            // empty list and stops at the first copy), but the saved cursor still moves below, as there.
            var destCol = destLineIndex >= 0 ? destLineLengths[destLineIndex] : 0;
            if (destCol == 0)
            {
                destLineIndex--;
                destCol = destLineIndex >= 0 ? destLineLengths[destLineIndex] : 0;
            }

            var srcLineIndex = wrapped.Count - linesToAdd - 1;
            var srcCol = lastLineLength;
            while (srcLineIndex >= 0 && destLineIndex >= 0 && destLineIndex < wrapped.Count)
            {
                var cellsToCopy = Math.Min(srcCol, destCol);
                CopyCellsReverse(wrapped[destLineIndex], wrapped[srcLineIndex], srcCol - cellsToCopy, destCol - cellsToCopy, cellsToCopy);
                destCol -= cellsToCopy;
                if (destCol == 0)
                {
                    destLineIndex--;
                    destCol = destLineIndex >= 0 ? destLineLengths[destLineIndex] : 0;
                }

                srcCol -= cellsToCopy;
                if (srcCol == 0)
                {
                    srcLineIndex--;
                    srcCol = WrappedLineTrimmedLength(wrapped, Math.Max(srcLineIndex, 0), oldCols);
                }
            }

            for (var k = 0; k < wrapped.Count && k < destLineLengths.Count; k++)
            {
                if (destLineLengths[k] < newCols)
                {
                    wrapped[k].Cells[destLineLengths[k]] = nullCell;
                }
            }

            var viewportAdjustments = linesToAdd - trimmedLines;
            while (viewportAdjustments-- > 0)
            {
                if (ybase == 0)
                {
                    if (buffer.Y < newRows - 1)
                    {
                        buffer.Y++;
                        count--;
                    }
                    else
                    {
                        ybase++;
                    }
                }
                else if (ybase < Math.Min(maxLength, count + countToInsert) - newRows)
                {
                    ybase++;
                }
            }

            savedAbsolute = Math.Min(savedAbsolute + linesToAdd, ybase + newRows - 1);
        }

        lines.Clear();
        if (toInsert.Count == 0)
        {
            for (var k = 0; k < count; k++)
            {
                lines.Add(store[k]!);
            }

            return;
        }

        // Rebuild from the bottom, dropping what no longer fits at the top.
        var originalIndex = count - 1;
        var insertIndex = 0;
        var countInsertedSoFar = 0;
        var newLength = Math.Min(maxLength, count + countToInsert);
        var result = new Row[newLength];
        for (var i = Math.Min(maxLength - 1, count + countToInsert - 1); i >= 0; i--)
        {
            if (insertIndex < toInsert.Count && toInsert[insertIndex].Start > originalIndex + countInsertedSoFar)
            {
                var pending = toInsert[insertIndex].NewLines;
                for (var k = pending.Count - 1; k >= 0; k--)
                {
                    // A negative index wraps to the end of the circular list if the start index allows it.
                    var at = i >= 0 ? i : (buffer.StartIndex + i >= 0 ? ((i % maxLength) + maxLength) % maxLength : -1);
                    if (at >= 0 && at < newLength)
                    {
                        result[at] = pending[k];
                    }

                    i--;
                }

                i++;
                countInsertedSoFar += pending.Count;
                insertIndex++;
            }
            else if (originalIndex >= 0)
            {
                result[i] = store[originalIndex--]!;
            }
            else
            {
                result[i] = new Row(newCols, nullCell);
            }
        }

        lines.AddRange(result);
    }

    private static void CopyCellsReverse(Row destination, Row source, int sourceColumn, int destinationColumn, int length)
    {
        for (var cell = length - 1; cell >= 0; cell--)
        {
            destination.Cells[destinationColumn + cell] = source.Cells[sourceColumn + cell];
            if (source.Cells[sourceColumn + cell].IsCombined && source.Combined is not null &&
                source.Combined.TryGetValue(sourceColumn + cell, out var text))
            {
                (destination.Combined ??= [])[destinationColumn + cell] = text;
            }
        }
    }
}
