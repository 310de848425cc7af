namespace InterviewLM.Recording.Terminal;

/// <content>Printing characters: autowrap with xterm's pending-wrap column, wide and combining characters, insert mode.</content>
public sealed partial class VirtualTerminal
{
    private void Print(ReadOnlySpan<char> run)
    {
        var buffer = _active;
        var cols = _cols;
        var row = buffer.Lines[buffer.Y];
        var fg = _curFg;
        var bg = _curBg;

        // Overwriting the second half of a wide character clears its first half.
        if (buffer.X > 0 && buffer.X - 1 < row.Length && row.Cells[buffer.X - 1].Width == 2)
        {
            row.Cells[buffer.X - 1] = new Cell(Cell.Width1, fg, bg);
        }

        var joinState = _precedingJoinState;
        var i = 0;
        while (i < run.Length)
        {
            var ch = run[i];
            if (ch < 0x7f && _charset == CharsetAscii && !_insertMode)
            {
                var start = i;
                while (++i < run.Length && run[i] < 0x7f)
                {
                }

                PrintAscii(run[start..i], ref row, fg, bg);
                joinState = 1 << 1;
                continue;
            }

            int cp = ch;
            if (char.IsHighSurrogate(ch) && i + 1 < run.Length && char.IsLowSurrogate(run[i + 1]))
            {
                cp = char.ConvertToUtf32(ch, run[i + 1]);
                i += 2;
            }
            else
            {
                if (char.IsSurrogate(ch))
                {
                    cp = 0xFFFD;
                }

                i++;
            }

            if (cp < 127 && _charset != CharsetAscii)
            {
                cp = MapCharset(_charset, cp);
            }

            PrintCodePoint(cp, ref joinState, ref row, fg, bg);
        }

        _precedingJoinState = joinState;

        // A wide character's orphaned second half right of the cursor becomes a normal empty cell.
        if (buffer.X < cols && row.Cells[buffer.X].Width == 0 && !row.Cells[buffer.X].HasContent)
        {
            row.Cells[buffer.X] = new Cell(Cell.Width1, fg, bg);
        }
    }

    /// <summary>The hot path: printable ASCII, no character set mapping, no insert mode.</summary>
    private void PrintAscii(ReadOnlySpan<char> text, ref Row row, uint fg, uint bg)
    {
        var buffer = _active;
        var cols = _cols;
        var n = 0;
        while (n < text.Length)
        {
            if (buffer.X >= cols)
            {
                if (_wraparound)
                {
                    WrapForPrint(ref row, 0, fg, bg);
                }
                else
                {
                    // Without autowrap every further character lands in the last column; only the final one stays.
                    buffer.X = cols - 1;
                    row.Cells[buffer.X++] = new Cell(text[^1] | Cell.Width1, fg, bg);
                    return;
                }
            }

            var take = Math.Min(cols - buffer.X, text.Length - n);
            var cells = row.Cells.AsSpan(buffer.X, take);
            var source = text.Slice(n, take);
            for (var k = 0; k < cells.Length; k++)
            {
                cells[k] = new Cell(source[k] | Cell.Width1, fg, bg);
            }

            buffer.X += take;
            n += take;
        }
    }

    private void PrintCodePoint(int cp, ref int joinState, ref Row row, uint fg, uint bg)
    {
        var buffer = _active;
        var cols = _cols;
        var info = CharProperties(cp, joinState);
        var chWidth = info >> 1;
        var shouldJoin = (info & 1) != 0;
        var oldWidth = shouldJoin ? joinState >> 1 : 0;
        joinState = info;

        if (buffer.X + chWidth - oldWidth > cols)
        {
            if (_wraparound)
            {
                WrapForPrint(ref row, oldWidth, fg, bg);
            }
            else
            {
                buffer.X = cols - 1;
                if (chWidth == 2)
                {
                    return;
                }
            }
        }

        if (shouldJoin && buffer.X > 0)
        {
            var offset = row.Cells[buffer.X - 1].Width != 0 ? 1 : 2;
            if (buffer.X - offset >= 0)
            {
                AddCodePointToCell(row, buffer.X - offset, cp, chWidth);
            }

            for (var delta = chWidth - oldWidth; --delta >= 0 && buffer.X < cols;)
            {
                row.Cells[buffer.X++] = new Cell(0, fg, bg);
            }

            return;
        }

        if (buffer.X >= cols)
        {
            // Only a zero-width character with nothing to join gets here: xterm.js writes it past the line's end (where
            // it is never seen) and still advances the cursor.
            buffer.X++;
            return;
        }

        if (_insertMode)
        {
            row.InsertCells(buffer.X, chWidth - oldWidth, new Cell(Cell.Width1, fg, bg));
            if (row.Cells[cols - 1].Width == 2)
            {
                row.Cells[cols - 1] = new Cell(Cell.Width1, fg, bg);
            }
        }

        row.Cells[buffer.X++] = new Cell((uint)cp | ((uint)chWidth << Cell.WidthShift), fg, bg);
        if (chWidth > 0)
        {
            while (--chWidth > 0 && buffer.X < cols)
            {
                row.Cells[buffer.X++] = new Cell(0, fg, bg);
            }
        }
    }

    /// <summary>Autowrap: moves to the next line (scrolling at the region's bottom) and marks it as a continuation.</summary>
    private void WrapForPrint(ref Row row, int oldWidth, uint fg, uint bg)
    {
        var buffer = _active;
        var oldRow = row;
        var oldCol = buffer.X - oldWidth;
        buffer.X = oldWidth;
        buffer.Y++;
        if (buffer.Y == buffer.ScrollBottom + 1)
        {
            buffer.Y--;
            Scroll(EraseCell, isWrapped: true);
        }
        else
        {
            if (buffer.Y >= _rows)
            {
                buffer.Y = _rows - 1;
            }

            buffer.Lines[buffer.Y].Wrapped = true;
        }

        // Outside the scroll region on the last line, the "next" line is this line again (xterm.js does the same).
        row = buffer.Lines[buffer.Y];
        if (oldWidth > 0)
        {
            // A combining character widened the previous character: move it to the new line.
            for (var k = 0; k < oldWidth && oldCol + k < oldRow.Length; k++)
            {
                row.Cells[k] = oldRow.Cells[oldCol + k];
                if (row.Cells[k].IsCombined && oldRow.Combined is not null && oldRow.Combined.TryGetValue(oldCol + k, out var text))
                {
                    (row.Combined ??= [])[k] = text;
                }
            }
        }

        for (; oldCol < _cols; oldCol++)
        {
            oldRow.Cells[oldCol] = new Cell(Cell.Width1, fg, bg);
        }
    }

    private static void AddCodePointToCell(Row row, int x, int cp, int width)
    {
        var content = row.Cells[x].Content;
        if ((content & Cell.CombinedFlag) != 0)
        {
            row.Combined ??= [];
            row.Combined[x] = (row.Combined.TryGetValue(x, out var existing) ? existing : string.Empty) + char.ConvertFromUtf32(cp);
        }
        else if ((content & Cell.CodePointMask) != 0)
        {
            row.Combined ??= [];
            row.Combined[x] = char.ConvertFromUtf32((int)(content & Cell.CodePointMask)) + char.ConvertFromUtf32(cp);
            content &= ~Cell.CodePointMask;
            content |= Cell.CombinedFlag;
        }
        else
        {
            content = (uint)cp | Cell.Width1;
        }

        if (width != 0)
        {
            content &= ~(3u << Cell.WidthShift);
            content |= (uint)width << Cell.WidthShift;
        }

        row.Cells[x].Content = content;
    }

    /// <summary>xterm.js Unicode 11 <c>charProperties</c>: width, and whether a zero-width character joins the previous one.</summary>
    private static int CharProperties(int cp, int preceding)
    {
        var width = CharWidth.Of(cp);
        var shouldJoin = width == 0 && preceding != 0;
        if (shouldJoin)
        {
            var oldWidth = preceding >> 1;
            if (oldWidth == 0)
            {
                shouldJoin = false;
            }
            else if (oldWidth > width)
            {
                width = oldWidth;
            }
        }

        return (width << 1) | (shouldJoin ? 1 : 0);
    }

    private static int MapCharset(byte charset, int cp)
    {
        if (charset == CharsetDecGraphics)
        {
            return cp switch
            {
                '`' => 0x25c6,
                'a' => 0x2592,
                'b' => 0x2409,
                'c' => 0x240c,
                'd' => 0x240d,
                'e' => 0x240a,
                'f' => 0x00b0,
                'g' => 0x00b1,
                'h' => 0x2424,
                'i' => 0x240b,
                'j' => 0x2518,
                'k' => 0x2510,
                'l' => 0x250c,
                'm' => 0x2514,
                'n' => 0x253c,
                'o' => 0x23ba,
                'p' => 0x23bb,
                'q' => 0x2500,
                'r' => 0x23bc,
                's' => 0x23bd,
                't' => 0x251c,
                'u' => 0x2524,
                'v' => 0x2534,
                'w' => 0x252c,
                'x' => 0x2502,
                'y' => 0x2264,
                'z' => 0x2265,
                '{' => 0x03c0,
                '|' => 0x2260,
                '}' => 0x00a3,
                '~' => 0x00b7,
                _ => cp,
            };
        }

        return charset == CharsetUk && cp == '#' ? 0x00a3 : cp;
    }
}
