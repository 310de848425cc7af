namespace InterviewLM.Recording.Terminal;

/// <content>Cursor movement, scrolling and erasing, following xterm.js's InputHandler and BufferService.</content>
public sealed partial class VirtualTerminal
{
    private void RestrictCursor() => RestrictCursor(_cols - 1);

    private void RestrictCursor(int maxCol)
    {
        var b = _active;
        b.X = Math.Min(maxCol, Math.Max(0, b.X));
        b.Y = _origin
            ? Math.Min(b.ScrollBottom, Math.Max(b.ScrollTop, b.Y))
            : Math.Min(_rows - 1, Math.Max(0, b.Y));
    }

    private void SetCursor(int x, int y)
    {
        var b = _active;
        b.X = x;
        b.Y = _origin ? b.ScrollTop + y : y;
        RestrictCursor();
    }

    private void MoveCursor(int dx, int dy)
    {
        RestrictCursor();
        SetCursor((int)Math.Clamp((long)_active.X + dx, int.MinValue / 2, int.MaxValue / 2), (int)Math.Clamp((long)_active.Y + dy, int.MinValue / 2, int.MaxValue / 2));
    }

    private void CursorUp(int n)
    {
        var diffToTop = _active.Y - _active.ScrollTop;
        MoveCursor(0, diffToTop >= 0 ? -Math.Min(diffToTop, n) : -n);
    }

    private void CursorDown(int n)
    {
        var diffToBottom = _active.ScrollBottom - _active.Y;
        MoveCursor(0, diffToBottom >= 0 ? Math.Min(diffToBottom, n) : n);
    }

    private void LineFeed()
    {
        var b = _active;
        if (_convertEol)
        {
            b.X = 0;
        }

        b.Y++;
        if (b.Y == b.ScrollBottom + 1)
        {
            b.Y--;
            Scroll(EraseCell, isWrapped: false);
        }
        else if (b.Y >= _rows)
        {
            b.Y = _rows - 1;
        }
        else
        {
            b.Lines[b.Y].Wrapped = false;
        }

        if (b.X >= _cols)
        {
            b.X--;
        }
    }

    private void Backspace()
    {
        var b = _active;
        if (!_reverseWraparound)
        {
            RestrictCursor();
            if (b.X > 0)
            {
                b.X--;
            }

            return;
        }

        RestrictCursor(_cols);
        if (b.X > 0)
        {
            b.X--;
        }
        else if (b.Y > b.ScrollTop && b.Y <= b.ScrollBottom && b.Lines[b.Y].Wrapped)
        {
            b.Lines[b.Y].Wrapped = false;
            b.Y--;
            b.X = _cols - 1;
            var cell = b.Lines[b.Y].Cells[b.X];
            if (cell.Width != 0 && !cell.HasContent)
            {
                b.X--;
            }
        }

        RestrictCursor();
    }

    private void Index()
    {
        RestrictCursor();
        var b = _active;
        b.Y++;
        if (b.Y == b.ScrollBottom + 1)
        {
            b.Y--;
            Scroll(EraseCell, isWrapped: false);
        }
        else if (b.Y >= _rows)
        {
            b.Y = _rows - 1;
        }

        RestrictCursor();
    }

    private void ReverseIndex()
    {
        RestrictCursor();
        var b = _active;
        if (b.Y == b.ScrollTop)
        {
            var height = b.ScrollBottom - b.ScrollTop;
            var recycled = b.Lines[b.ScrollTop + height];
            Array.Copy(b.Lines, b.ScrollTop, b.Lines, b.ScrollTop + 1, height);
            recycled.Reset(_cols, EraseCell, wrapped: false);
            b.Lines[b.ScrollTop] = recycled;
        }
        else
        {
            b.Y--;
            RestrictCursor();
        }
    }

    /// <summary>xterm.js <c>BufferService.scroll</c> without scrollback: the region moves up one line.</summary>
    private void Scroll(Cell fill, bool isWrapped)
    {
        var b = _active;
        var top = b.ScrollTop;
        var bottom = b.ScrollBottom;
        if (top == 0 && b.Capacity > _rows)
        {
            // The line list has room above the screen: the top line moves there instead of being dropped.
            var full = b.Above.Count + _rows >= b.Capacity;
            b.Above.Add(b.Lines[0]);
            Array.Copy(b.Lines, 1, b.Lines, 0, bottom);
            b.Lines[bottom] = new Row(_cols, fill) { Wrapped = isWrapped };
            if (full)
            {
                b.Above.RemoveAt(0);
                AdvanceStartIndex(b, bottom);
            }
            else
            {
                b.Ybase++;
                b.SavedY--;
            }

            return;
        }

        var recycled = b.Lines[top];
        Array.Copy(b.Lines, top + 1, b.Lines, top, bottom - top);
        recycled.Reset(_cols, fill, isWrapped);
        b.Lines[bottom] = recycled;
        if (top == 0)
        {
            AdvanceStartIndex(b, bottom);
        }
    }

    /// <summary>Mirrors how xterm.js's circular list moves its start when a full list scrolls (recycle or splice).</summary>
    private static void AdvanceStartIndex(ScreenBuffer b, int bottom)
    {
        var length = b.Above.Count + b.RowCount;
        if (b.Ybase + bottom == length - 1)
        {
            b.StartIndex = (b.StartIndex + 1) % b.Capacity;
        }
        else if (b.StartIndex < int.MaxValue / 2)
        {
            b.StartIndex++;
        }
    }

    private void ScrollUp(int n)
    {
        // SU moves lines within the screen only (xterm.js splices; nothing goes above the screen).
        var b = _active;
        n = Math.Min(n, b.ScrollBottom - b.ScrollTop + 1);
        var fill = EraseCell;
        for (var i = 0; i < n; i++)
        {
            var recycled = b.Lines[b.ScrollTop];
            Array.Copy(b.Lines, b.ScrollTop + 1, b.Lines, b.ScrollTop, b.ScrollBottom - b.ScrollTop);
            recycled.Reset(_cols, fill, wrapped: false);
            b.Lines[b.ScrollBottom] = recycled;
        }
    }

    private void ScrollDown(int n)
    {
        var b = _active;
        n = Math.Min(n, b.ScrollBottom - b.ScrollTop + 1);
        for (var i = 0; i < n; i++)
        {
            var recycled = b.Lines[b.ScrollBottom];
            Array.Copy(b.Lines, b.ScrollTop, b.Lines, b.ScrollTop + 1, b.ScrollBottom - b.ScrollTop);
            recycled.Reset(_cols, BlankCell(0), wrapped: false);
            b.Lines[b.ScrollTop] = recycled;
        }
    }

    private void InsertLines(int n)
    {
        RestrictCursor();
        var b = _active;
        if (b.Y > b.ScrollBottom || b.Y < b.ScrollTop)
        {
            return;
        }

        n = Math.Min(n, b.ScrollBottom - b.Y + 1);
        var fill = EraseCell;
        for (var i = 0; i < n; i++)
        {
            var recycled = b.Lines[b.ScrollBottom];
            Array.Copy(b.Lines, b.Y, b.Lines, b.Y + 1, b.ScrollBottom - b.Y);
            recycled.Reset(_cols, fill, wrapped: false);
            b.Lines[b.Y] = recycled;
        }

        b.X = 0;
    }

    private void DeleteLines(int n)
    {
        RestrictCursor();
        var b = _active;
        if (b.Y > b.ScrollBottom || b.Y < b.ScrollTop)
        {
            return;
        }

        n = Math.Min(n, b.ScrollBottom - b.Y + 1);
        var fill = EraseCell;
        for (var i = 0; i < n; i++)
        {
            var recycled = b.Lines[b.Y];
            Array.Copy(b.Lines, b.Y + 1, b.Lines, b.Y, b.ScrollBottom - b.Y);
            recycled.Reset(_cols, fill, wrapped: false);
            b.Lines[b.ScrollBottom] = recycled;
        }

        b.X = 0;
    }

    private void ScrollHorizontally(int n, bool left)
    {
        var b = _active;
        if (b.Y > b.ScrollBottom || b.Y < b.ScrollTop)
        {
            return;
        }

        var fill = EraseCell;
        for (var y = b.ScrollTop; y <= b.ScrollBottom; y++)
        {
            // Lines can be longer than the screen (see ResizeBuffer): counts are bounded by each line's own length.
            var line = b.Lines[y];
            var count = Math.Min(n, line.Length);
            if (left)
            {
                line.DeleteCells(0, count, fill);
            }
            else
            {
                line.InsertCells(0, count, fill);
            }

            line.Wrapped = false;
        }
    }

    private void InsertOrDeleteColumns(int n, bool insert)
    {
        var b = _active;
        if (b.Y > b.ScrollBottom || b.Y < b.ScrollTop)
        {
            return;
        }

        var fill = EraseCell;
        var x = b.X; // xterm.js takes the column modulo the line length: at the pending-wrap column this is column 0.
        for (var y = b.ScrollTop; y <= b.ScrollBottom; y++)
        {
            var line = b.Lines[y];
            var count = Math.Min(n, line.Length);
            if (insert)
            {
                line.InsertCells(x, count, fill);
            }
            else
            {
                line.DeleteCells(x, count, fill);
            }

            line.Wrapped = false;
        }
    }

    private void EraseInBufferLine(int y, int start, int end, bool clearWrap, bool respectProtected)
    {
        var line = _active.Lines[y];
        line.ReplaceCells(start, end, EraseCell, respectProtected);
        if (clearWrap)
        {
            line.Wrapped = false;
        }
    }

    private void ResetBufferLine(int y, bool respectProtected)
    {
        var line = _active.Lines[y];
        var fill = EraseCell;
        if (respectProtected)
        {
            for (var x = 0; x < line.Length; x++)
            {
                if ((line.Cells[x].Bg & Attr.Protected) == 0)
                {
                    line.Cells[x] = fill;
                }
            }
        }
        else
        {
            line.Fill(fill);
        }

        line.Wrapped = false;
    }

    private void EraseInDisplay(int mode, bool respectProtected)
    {
        RestrictCursor(_cols);
        var b = _active;
        switch (mode)
        {
            case 0:
                EraseInBufferLine(b.Y, b.X, _cols, b.X == 0, respectProtected);
                for (var y = b.Y + 1; y < _rows; y++)
                {
                    ResetBufferLine(y, respectProtected);
                }

                break;
            case 1:
                EraseInBufferLine(b.Y, 0, b.X + 1, true, respectProtected);
                if (b.X + 1 >= _cols)
                {
                    // xterm.js indexes its line list without ybase here: with lines above the screen it unwraps one of those.
                    var index = b.Y + 1 - b.Above.Count;
                    if (b.Y + 1 < b.Above.Count)
                    {
                        b.Above[b.Y + 1].Wrapped = false;
                    }
                    else if (index < _rows)
                    {
                        b.Lines[index].Wrapped = false;
                    }
                }

                for (var y = b.Y - 1; y >= 0; y--)
                {
                    ResetBufferLine(y, respectProtected);
                }

                break;
            case 2:
                for (var y = _rows - 1; y >= 0; y--)
                {
                    ResetBufferLine(y, respectProtected);
                }

                break;
            case 3:
                // ED 3 clears the scrollback; the saved cursor row is absolute in xterm.js, so it moves down with ybase.
                if (b.Above.Count > 0)
                {
                    b.StartIndex += b.Above.Count;
                    b.SavedY += b.Above.Count;
                    b.Ybase = Math.Max(b.Ybase - b.Above.Count, 0);
                    b.Above.Clear();
                }

                break;
        }
    }

    private void EraseInLine(int mode, bool respectProtected)
    {
        // Real xterm clears the pending-wrap flag on EL; xterm.js (and Alacritty) keep the wrap pending.
        RestrictCursor(Compatibility == TerminalCompatibility.Xterm ? _cols - 1 : _cols);
        var b = _active;
        switch (mode)
        {
            case 0:
                EraseInBufferLine(b.Y, b.X, _cols, b.X == 0, respectProtected);
                break;
            case 1:
                EraseInBufferLine(b.Y, 0, b.X + 1, false, respectProtected);
                break;
            case 2:
                EraseInBufferLine(b.Y, 0, _cols, true, respectProtected);
                break;
        }
    }

    private void SelectGraphicRendition(Params p)
    {
        if (p.Length == 1 && p[0] == 0)
        {
            _curFg = 0;
            _curBg = 0;
            return;
        }

        for (var i = 0; i < p.Length; i++)
        {
            var v = p[i];
            if (v >= 30 && v <= 37)
            {
                _curFg = (_curFg & ~(Attr.ModeMask | Attr.PaletteMask)) | Attr.ModeP16 | (uint)(v - 30);
            }
            else if (v >= 40 && v <= 47)
            {
                _curBg = (_curBg & ~(Attr.ModeMask | Attr.PaletteMask)) | Attr.ModeP16 | (uint)(v - 40);
            }
            else if (v >= 90 && v <= 97)
            {
                _curFg = (_curFg & ~(Attr.ModeMask | Attr.PaletteMask)) | Attr.ModeP16 | (uint)(v - 90) | 8;
            }
            else if (v >= 100 && v <= 107)
            {
                _curBg = (_curBg & ~(Attr.ModeMask | Attr.PaletteMask)) | Attr.ModeP16 | (uint)(v - 100) | 8;
            }
            else
            {
                switch (v)
                {
                    case 0:
                        _curFg = 0;
                        _curBg = 0;
                        break;
                    case 1:
                        _curFg |= Attr.Bold;
                        break;
                    case 2:
                        _curBg |= Attr.Dim;
                        break;
                    case 3:
                        _curBg |= Attr.Italic;
                        break;
                    case 4:
                        var style = p.HasSubParams(i) ? p.SubParams(i)[0] : 1;
                        if (style == -1 || style > 5)
                        {
                            style = 1;
                        }

                        _curFg = style == 0 ? _curFg & ~Attr.Underline : _curFg | Attr.Underline;
                        break;
                    case 5:
                        _curFg |= Attr.Blink;
                        break;
                    case 7:
                        _curFg |= Attr.Inverse;
                        break;
                    case 8:
                        _curFg |= Attr.Invisible;
                        break;
                    case 9:
                        _curFg |= Attr.Strikethrough;
                        break;
                    case 21:
                        _curFg |= Attr.Underline;
                        break;
                    case 22:
                        _curFg &= ~Attr.Bold;
                        _curBg &= ~Attr.Dim;
                        break;
                    case 23:
                        _curBg &= ~Attr.Italic;
                        break;
                    case 24:
                        _curFg &= ~Attr.Underline;
                        break;
                    case 25:
                        _curFg &= ~Attr.Blink;
                        break;
                    case 27:
                        _curFg &= ~Attr.Inverse;
                        break;
                    case 28:
                        _curFg &= ~Attr.Invisible;
                        break;
                    case 29:
                        _curFg &= ~Attr.Strikethrough;
                        break;
                    case 39:
                        _curFg &= ~(Attr.ModeMask | Attr.ColorMask);
                        break;
                    case 49:
                        _curBg &= ~(Attr.ModeMask | Attr.ColorMask);
                        break;
                    case 53:
                        _curBg |= Attr.Overline;
                        break;
                    case 55:
                        _curBg &= ~Attr.Overline;
                        break;
                    case 38 or 48 or 58:
                        i += ExtractColor(p, i);
                        break;
                }
            }
        }
    }

    /// <summary>xterm.js <c>_extractColor</c>: <c>38;5;n</c>, <c>38;2;r;g;b</c> and the colon forms.</summary>
    private int ExtractColor(Params p, int pos)
    {
        Span<int> accu = [0, 0, -1, 0, 0, 0];
        var cSpace = 0;
        var advance = 0;
        do
        {
            accu[advance + cSpace] = p[pos + advance];
            if (p.HasSubParams(pos + advance))
            {
                var sub = p.SubParams(pos + advance);
                var i = 0;
                do
                {
                    if (accu[1] == 5)
                    {
                        cSpace = 1;
                    }

                    if (advance + i + 1 + cSpace < accu.Length)
                    {
                        accu[advance + i + 1 + cSpace] = sub[i];
                    }
                }
                while (++i < sub.Length && i + advance + 1 + cSpace < accu.Length);
                break;
            }

            if ((accu[1] == 5 && advance + cSpace >= 2) || (accu[1] == 2 && advance + cSpace >= 5))
            {
                break;
            }

            if (accu[1] != 0)
            {
                cSpace = 1;
            }
        }
        while (++advance + pos < p.Length && advance + cSpace < accu.Length);

        for (var i = 2; i < accu.Length; i++)
        {
            if (accu[i] == -1)
            {
                accu[i] = 0;
            }
        }

        if (accu[0] == 38)
        {
            _curFg = UpdateColor(_curFg, accu[1], accu[3], accu[4], accu[5]);
        }
        else if (accu[0] == 48)
        {
            _curBg = UpdateColor(_curBg, accu[1], accu[3], accu[4], accu[5]);
        }

        return advance;
    }

    private static uint UpdateColor(uint color, int mode, int c1, int c2, int c3)
    {
        if (mode == 2)
        {
            color |= Attr.ModeRgb;
            color &= ~Attr.ColorMask;
            color |= ((uint)(c1 & 0xff) << 16) | ((uint)(c2 & 0xff) << 8) | (uint)(c3 & 0xff);
        }
        else if (mode == 5)
        {
            color &= ~(Attr.ModeMask | Attr.PaletteMask);
            color |= Attr.ModeP256 | (uint)(c1 & 0xff);
        }

        return color;
    }
}
