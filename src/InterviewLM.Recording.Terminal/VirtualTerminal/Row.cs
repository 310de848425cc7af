namespace InterviewLM.Recording.Terminal;

/// <summary>One screen line: a flat array of cells, the soft-wrap flag and the text of combined cells.</summary>
internal sealed class Row
{
    public Row(int columns, Cell fill)
    {
        Cells = new Cell[columns];
        Cells.AsSpan().Fill(fill);
    }

    public Cell[] Cells { get; private set; }

    /// <summary>Gets or sets a value indicating whether this line continues the previous one (autowrap).</summary>
    public bool Wrapped { get; set; }

    /// <summary>Gets or sets text of cells flagged <see cref="Cell.CombinedFlag"/>, by column.</summary>
    public Dictionary<int, string>? Combined { get; set; }

    public int Length => Cells.Length;

    public void Fill(Cell fill)
    {
        Cells.AsSpan().Fill(fill);
        Combined = null;
    }

    /// <summary>Blanks the line for reuse as a new line of <paramref name="columns"/> cells (xterm.js <c>copyFrom(blankLine)</c>).</summary>
    public void Reset(int columns, Cell fill, bool wrapped)
    {
        if (Cells.Length != columns)
        {
            Cells = new Cell[columns];
        }

        Cells.AsSpan().Fill(fill);
        Combined = null;
        Wrapped = wrapped;
    }

    /// <summary>xterm.js <c>copyCellsFrom</c>: copies cells (and their combined text) from another line.</summary>
    public void CopyCellsFrom(Row source, int sourceColumn, int destinationColumn, int length)
    {
        if (length <= 0)
        {
            return;
        }

        source.Cells.AsSpan(sourceColumn, length).CopyTo(Cells.AsSpan(destinationColumn, length));
        if (source.Combined is not null)
        {
            for (var i = 0; i < length; i++)
            {
                if (source.Cells[sourceColumn + i].IsCombined && source.Combined.TryGetValue(sourceColumn + i, out var text))
                {
                    (Combined ??= [])[destinationColumn + i] = text;
                }
            }
        }
    }

    /// <summary>Copies cell <paramref name="from"/> to <paramref name="to"/>, with its combined text.</summary>
    public void MoveCell(int from, int to)
    {
        var cell = Cells[from];
        Cells[to] = cell;
        if (cell.IsCombined && Combined is not null && Combined.TryGetValue(from, out var text))
        {
            Combined[to] = text;
        }
    }

    public void SetNull(int x, Cell fill) => Cells[x] = new Cell(Cell.Width1, fill.Fg, fill.Bg);

    /// <summary>xterm.js <c>BufferLine.insertCells</c>.</summary>
    public void InsertCells(int pos, int n, Cell fill)
    {
        var length = Cells.Length;
        pos %= length;
        if (pos > 0 && Cells[pos - 1].Width == 2)
        {
            SetNull(pos - 1, fill);
        }

        if (n < length - pos)
        {
            for (var i = length - pos - n - 1; i >= 0; --i)
            {
                MoveCell(pos + i, pos + n + i);
            }

            Cells.AsSpan(pos, n).Fill(fill);
        }
        else
        {
            Cells.AsSpan(pos).Fill(fill);
        }

        if (Cells[length - 1].Width == 2)
        {
            SetNull(length - 1, fill);
        }
    }

    /// <summary>xterm.js <c>BufferLine.deleteCells</c>.</summary>
    public void DeleteCells(int pos, int n, Cell fill)
    {
        var length = Cells.Length;
        pos %= length;
        if (n < length - pos)
        {
            for (var i = 0; i < length - pos - n; ++i)
            {
                MoveCell(pos + n + i, pos + i);
            }

            Cells.AsSpan(length - n).Fill(fill);
        }
        else
        {
            Cells.AsSpan(pos).Fill(fill);
        }

        if (pos > 0 && Cells[pos - 1].Width == 2)
        {
            SetNull(pos - 1, fill);
        }

        if (Cells[pos].Width == 0 && !Cells[pos].HasContent)
        {
            SetNull(pos, fill);
        }
    }

    /// <summary>xterm.js <c>BufferLine.replaceCells</c> (erase from <paramref name="start"/> to <paramref name="end"/>, exclusive).</summary>
    public void ReplaceCells(int start, int end, Cell fill, bool respectProtected)
    {
        var length = Cells.Length;
        if (respectProtected)
        {
            if (start > 0 && start - 1 < length && Cells[start - 1].Width == 2 && (Cells[start - 1].Bg & Attr.Protected) == 0)
            {
                SetNull(start - 1, fill);
            }

            if (end < length && end > 0 && Cells[end - 1].Width == 2 && (Cells[end].Bg & Attr.Protected) == 0)
            {
                SetNull(end, fill);
            }

            for (; start < end && start < length; start++)
            {
                if ((Cells[start].Bg & Attr.Protected) == 0)
                {
                    Cells[start] = fill;
                }
            }

            return;
        }

        if (start > 0 && start - 1 < length && Cells[start - 1].Width == 2)
        {
            SetNull(start - 1, fill);
        }

        if (end < length && end > 0 && Cells[end - 1].Width == 2)
        {
            SetNull(end, fill);
        }

        if (start < end && start < length)
        {
            Cells.AsSpan(start, Math.Min(end, length) - start).Fill(fill);
        }
    }

    public void Resize(int columns, Cell fill)
    {
        var old = Cells.Length;
        if (columns == old)
        {
            return;
        }

        var cells = new Cell[columns];
        Cells.AsSpan(0, Math.Min(old, columns)).CopyTo(cells);
        if (columns > old)
        {
            cells.AsSpan(old).Fill(fill);
        }
        else if (Combined is not null)
        {
            foreach (var key in Combined.Keys.Where(k => k >= columns).ToList())
            {
                Combined.Remove(key);
            }
        }

        Cells = cells;
    }

    /// <summary>xterm.js <c>getTrimmedLength</c>: the end of the last cell with content.</summary>
    public int TrimmedLength
    {
        get
        {
            for (var i = Cells.Length - 1; i >= 0; --i)
            {
                if (Cells[i].HasContent)
                {
                    return i + Cells[i].Width;
                }
            }

            return 0;
        }
    }

    public string GetCellText(int x)
    {
        var cell = Cells[x];
        if (cell.IsCombined && Combined is not null && Combined.TryGetValue(x, out var text))
        {
            return text;
        }

        var cp = cell.CodePoint;
        return cp == 0 ? string.Empty : char.ConvertFromUtf32(cp);
    }

    /// <summary>xterm.js <c>translateToString</c>: empty cells read as spaces, wide stubs are skipped.</summary>
    public string ToText(bool trimRight)
    {
        var end = trimRight ? Math.Min(Cells.Length, TrimmedLength) : Cells.Length;
        var sb = new System.Text.StringBuilder(end);
        for (var x = 0; x < end;)
        {
            var cell = Cells[x];
            if (cell.IsCombined && Combined is not null && Combined.TryGetValue(x, out var text))
            {
                sb.Append(text);
            }
            else if (cell.CodePoint == 0)
            {
                sb.Append(' ');
            }
            else if (cell.CodePoint < 0x10000)
            {
                sb.Append((char)cell.CodePoint);
            }
            else
            {
                sb.Append(char.ConvertFromUtf32(cell.CodePoint));
            }

            x += Math.Max(1, cell.Width);
        }

        return sb.ToString();
    }
}
