namespace InterviewLM.Recording.Terminal;

/// <content>Control functions: C0/C1, ESC and CSI dispatch, following xterm.js's InputHandler.</content>
public sealed partial class VirtualTerminal
{
    private void Execute(int code)
    {
        switch (code)
        {
            case 0x0a or 0x0b or 0x0c:
                LineFeed();
                break;
            case 0x0d:
                _active.X = 0;
                break;
            case 0x08:
                Backspace();
                break;
            case 0x09:
                if (_active.X < _cols)
                {
                    _active.X = _active.NextStop(_active.X);
                }

                break;
            case 0x0e:
                SetGLevel(1);
                break;
            case 0x0f:
                SetGLevel(0);
                break;
            case 0x84:
                Index();
                break;
            case 0x85:
                _active.X = 0;
                Index();
                break;
            case 0x88:
                _active.Tabs[Math.Min(_active.X, _cols)] = true;
                break;
        }

        _precedingJoinState = 0;
    }

    private void EscDispatch(int final)
    {
        var collect = _collect;
        _precedingJoinState = 0;
        if (collect == 0)
        {
            switch (final)
            {
                case '7':
                    SaveCursor();
                    break;
                case '8':
                    RestoreCursor();
                    break;
                case 'D':
                    Index();
                    break;
                case 'E':
                    _active.X = 0;
                    Index();
                    break;
                case 'H':
                    _active.Tabs[Math.Min(_active.X, _cols)] = true;
                    break;
                case 'M':
                    ReverseIndex();
                    break;
                case '=':
                    _applicationKeypad = true;
                    break;
                case '>':
                    _applicationKeypad = false;
                    break;
                case 'c':
                    Reset();
                    break;
                case 'n' or '}':
                    SetGLevel(2);
                    break;
                case 'o' or '|':
                    SetGLevel(3);
                    break;
                case '~':
                    SetGLevel(1);
                    break;
            }

            return;
        }

        if (collect == '%' && final is '@' or 'G')
        {
            SetGLevel(0);
            SetGCharset(0, CharsetAscii);
            return;
        }

        if (collect == '#' && final == '8')
        {
            ScreenAlignmentPattern();
            return;
        }

        if (collect is '(' or ')' or '*' or '+' or '-' or '.')
        {
            byte? charset = final switch
            {
                '0' => CharsetDecGraphics,
                'A' => CharsetUk,
                'B' or '4' or 'C' or '5' or 'R' or 'Q' or 'K' or 'Y' or 'E' or '6' or 'Z' or 'H' or '7' or '=' => CharsetAscii,
                _ => null,
            };
            if (charset is { } value)
            {
                var g = collect switch { '(' => 0, ')' or '-' => 1, '*' or '.' => 2, _ => 3 };
                SetGCharset(g, value);
            }
        }
    }

    private void CsiDispatch(int final)
    {
        var p = _params;
        var collect = _collect;
        switch (collect)
        {
            case 0:
                CsiDispatchPlain(final, p);
                break;
            case '?':
                switch (final)
                {
                    case 'h':
                        SetPrivateModes(p, true);
                        break;
                    case 'l':
                        SetPrivateModes(p, false);
                        break;
                    case 'J':
                        EraseInDisplay(p[0], respectProtected: true);
                        break;
                    case 'K':
                        EraseInLine(p[0], respectProtected: true);
                        break;
                }

                break;
            case ' ':
                if (final == '@')
                {
                    ScrollHorizontally(p[0] == 0 ? 1 : p[0], left: true);
                }
                else if (final == 'A')
                {
                    ScrollHorizontally(p[0] == 0 ? 1 : p[0], left: false);
                }

                break;
            case '!':
                if (final == 'p')
                {
                    SoftReset();
                }

                break;
            case '\'':
                if (final is '}' or '~')
                {
                    InsertOrDeleteColumns(p[0] == 0 ? 1 : p[0], insert: final == '}');
                }

                break;
            case '"':
                if (final == 'q')
                {
                    if (p[0] == 1)
                    {
                        _curBg |= Attr.Protected;
                    }
                    else if (p[0] is 0 or 2)
                    {
                        _curBg &= ~Attr.Protected;
                    }
                }

                break;
        }

        _precedingJoinState = 0;
    }

    private void CsiDispatchPlain(int final, Params p)
    {
        var n = p[0] == 0 ? 1 : p[0];
        var buffer = _active;
        switch (final)
        {
            case '@':
                RestrictCursor();
                buffer.Lines[buffer.Y].InsertCells(buffer.X, Math.Min(n, buffer.Lines[buffer.Y].Length), EraseCell);
                break;
            case 'A':
                CursorUp(n);
                break;
            case 'B':
                CursorDown(n);
                break;
            case 'C' or 'a':
                MoveCursor(n, 0);
                break;
            case 'D':
                MoveCursor(-n, 0);
                break;
            case 'E':
                CursorDown(n);
                buffer.X = 0;
                break;
            case 'F':
                CursorUp(n);
                buffer.X = 0;
                break;
            case 'G' or '`':
                SetCursor(n - 1, buffer.Y);
                break;
            case 'H' or 'f':
                SetCursor(p.Length >= 2 ? (p[1] == 0 ? 1 : p[1]) - 1 : 0, n - 1);
                break;
            case 'I':
                if (buffer.X < _cols)
                {
                    for (var i = 0; i < Math.Min(n, _cols); i++)
                    {
                        buffer.X = buffer.NextStop(buffer.X);
                    }
                }

                break;
            case 'J':
                EraseInDisplay(p[0], respectProtected: false);
                break;
            case 'K':
                EraseInLine(p[0], respectProtected: false);
                break;
            case 'L':
                InsertLines(n);
                break;
            case 'M':
                DeleteLines(n);
                break;
            case 'P':
                RestrictCursor();
                buffer.Lines[buffer.Y].DeleteCells(buffer.X, Math.Min(n, buffer.Lines[buffer.Y].Length), EraseCell);
                break;
            case 'S':
                ScrollUp(n);
                break;
            case 'T':
                ScrollDown(n);
                break;
            case 'X':
                RestrictCursor();
                buffer.Lines[buffer.Y].ReplaceCells(buffer.X, buffer.X + Math.Min(n, buffer.Lines[buffer.Y].Length), EraseCell, respectProtected: false);
                break;
            case 'Z':
                if (buffer.X < _cols)
                {
                    for (var i = 0; i < Math.Min(n, _cols); i++)
                    {
                        buffer.X = buffer.PrevStop(buffer.X);
                    }
                }

                break;
            case 'b':
                RepeatPrecedingCharacter(n);
                break;
            case 'd':
                SetCursor(buffer.X, n - 1);
                break;
            case 'e':
                MoveCursor(0, n);
                break;
            case 'g':
                if (p[0] == 0)
                {
                    buffer.Tabs[Math.Min(buffer.X, _cols)] = false;
                }
                else if (p[0] == 3)
                {
                    Array.Clear(buffer.Tabs);
                }

                break;
            case 'h' or 'l':
                for (var i = 0; i < p.Length; i++)
                {
                    if (p[i] == 4)
                    {
                        _insertMode = final == 'h';
                    }
                    else if (p[i] == 20)
                    {
                        _convertEol = final == 'h';
                    }
                }

                break;
            case 'm':
                SelectGraphicRendition(p);
                break;
            case 'r':
                SetScrollRegion(p);
                break;
            case 's':
                SaveCursor();
                break;
            case 'u':
                RestoreCursor();
                break;
        }
    }

    private void SetPrivateModes(Params p, bool set)
    {
        for (var i = 0; i < p.Length; i++)
        {
            switch (p[i])
            {
                case 1:
                    _applicationCursorKeys = set;
                    break;
                case 2:
                    if (set)
                    {
                        for (var g = 0; g < 4; g++)
                        {
                            SetGCharset(g, CharsetAscii);
                        }
                    }

                    break;
                case 6:
                    _origin = set;
                    SetCursor(0, 0);
                    break;
                case 7:
                    _wraparound = set;
                    break;
                case 45:
                    _reverseWraparound = set;
                    break;
                case 66:
                    _applicationKeypad = set;
                    break;
                case 9:
                    _mouseProtocol = set ? (byte)1 : (byte)0;
                    break;
                case 1000:
                    _mouseProtocol = set ? (byte)2 : (byte)0;
                    break;
                case 1002:
                    _mouseProtocol = set ? (byte)3 : (byte)0;
                    break;
                case 1003:
                    _mouseProtocol = set ? (byte)4 : (byte)0;
                    break;
                case 1004:
                    _sendFocus = set;
                    break;
                case 1006:
                    _mouseEncoding = set ? (byte)1 : (byte)0;
                    break;
                case 1016:
                    _mouseEncoding = set ? (byte)2 : (byte)0;
                    break;
                case 25:
                    _cursorHidden = !set;
                    break;
                case 1048:
                    if (set)
                    {
                        SaveCursor();
                    }
                    else
                    {
                        RestoreCursor();
                    }

                    break;
                case 1049 or 47 or 1047:
                    if (set)
                    {
                        if (p[i] == 1049)
                        {
                            SaveCursor();
                        }

                        ActivateAltBuffer();
                    }
                    else
                    {
                        ActivateNormalBuffer();
                        if (p[i] == 1049)
                        {
                            RestoreCursor();
                        }
                    }

                    break;
                case 2004:
                    _bracketedPaste = set;
                    break;
            }
        }
    }

    private void ActivateAltBuffer()
    {
        if (ReferenceEquals(_active, _alt))
        {
            return;
        }

        _alt.Fill(EraseCell);
        _alt.X = _normal.X;
        _alt.Y = _normal.Y;
        _active = _alt;
    }

    private void ActivateNormalBuffer()
    {
        if (ReferenceEquals(_active, _normal))
        {
            return;
        }

        _normal.X = _alt.X;
        _normal.Y = _alt.Y;
        _alt.Clear();
        _active = _normal;
    }

    private void SoftReset()
    {
        _cursorHidden = false;
        _active.ScrollTop = 0;
        _active.ScrollBottom = _rows - 1;
        _curFg = 0;
        _curBg = 0;
        ResetModes();
        ResetCharsets();
        _active.SavedX = 0;
        _active.SavedY = 0;
        _active.SavedFg = 0;
        _active.SavedBg = 0;
        _active.SavedCharset = _charset;
    }

    private void SetScrollRegion(Params p)
    {
        var top = p[0] == 0 ? 1 : p[0];
        int bottom;
        if (p.Length < 2 || (bottom = p[1]) > _rows || bottom == 0)
        {
            bottom = _rows;
        }

        if (bottom > top)
        {
            _active.ScrollTop = top - 1;
            _active.ScrollBottom = bottom - 1;
            SetCursor(0, 0);
        }
    }

    private void SaveCursor()
    {
        var b = _active;
        b.SavedX = b.X;
        b.SavedY = b.Y;
        b.SavedFg = _curFg;
        b.SavedBg = _curBg;
        b.SavedCharset = _charset;
    }

    private void RestoreCursor()
    {
        var b = _active;
        b.X = b.SavedX;
        b.Y = Math.Max(b.SavedY, 0);
        _curFg = b.SavedFg;
        _curBg = b.SavedBg;
        _charset = b.SavedCharset;
        RestrictCursor();
    }

    private void SetGLevel(int level)
    {
        _glevel = level;
        _charset = _charsets[level];
    }

    private void SetGCharset(int g, byte charset)
    {
        _charsets[g] = charset;
        if (_glevel == g)
        {
            _charset = charset;
        }
    }

    private void ScreenAlignmentPattern()
    {
        SetCursor(0, 0);
        var cell = new Cell('E' | Cell.Width1, _curFg, _curBg);
        for (var y = 0; y < _rows; y++)
        {
            var line = _active.Lines[y];
            line.Fill(cell);
            line.Wrapped = false;
        }

        SetCursor(0, 0);
    }

    private void RepeatPrecedingCharacter(int count)
    {
        var joinState = _precedingJoinState;
        if (joinState == 0)
        {
            return;
        }

        var width = joinState >> 1;
        var x = _active.X - width;
        if (x < 0 || x >= _cols)
        {
            return;
        }

        var text = _active.Lines[_active.Y].GetCellText(x);
        if (text.Length == 0)
        {
            return;
        }

        count = Math.Min(count, _cols * _rows);
        var repeated = new System.Text.StringBuilder(text.Length * count);
        for (var i = 0; i < count; i++)
        {
            repeated.Append(text);
        }

        // The repeated text is already mapped through the character set; print it unmapped.
        var charset = _charset;
        _charset = CharsetAscii;
        Print(repeated.ToString());
        _charset = charset;
    }
}
