using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace InterviewLM.Recording.Terminal;

/// <summary>
/// Represents a headless xterm-compatible terminal screen, driven by a VT500-style escape sequence parser.
/// </summary>
/// <remarks>
/// The screen model follows xterm.js (with Unicode 11 character widths and no scrollback) so that the screen rebuilt
/// from a recording is the one a reviewer saw in the browser. Feed output with <see cref="Write(ReadOnlySpan{char})"/>
/// or <see cref="Write(ReadOnlySpan{byte})"/>, in pieces of any size; read it back with <see cref="GetScreenText"/>,
/// <see cref="GetLineText"/> and <see cref="GetCell"/>; capture and restore it exactly with <see cref="Snapshot"/> and
/// <see cref="Restore"/>. Instances are not thread-safe.
/// </remarks>
public sealed partial class VirtualTerminal
{
    /// <summary>The smallest number of columns (as in xterm.js).</summary>
    public const int MinimumColumns = 2;

    /// <summary>The largest number of columns or rows accepted.</summary>
    public const int MaximumSize = 4096;

    private const int DecodeChunk = 16384;
    private const byte CharsetAscii = 0;
    private const byte CharsetDecGraphics = 1;
    private const byte CharsetUk = 2;

    private readonly byte[] _pendingUtf8 = new byte[4];
    private int _pendingUtf8Length;
    private readonly Params _params = new();
    private readonly StringBuilder _osc = new();
    private readonly byte[] _charsets = new byte[4];

    private ScreenBuffer _normal;
    private ScreenBuffer _alt;
    private ScreenBuffer _active;
    private int _cols;
    private int _rows;

    private uint _curFg;
    private uint _curBg;

    private bool _insertMode;
    private bool _convertEol;
    private bool _wraparound = true;
    private bool _origin;
    private bool _reverseWraparound;
    private bool _cursorHidden;
    private bool _applicationCursorKeys;
    private bool _applicationKeypad;
    private bool _bracketedPaste;
    private byte _mouseProtocol;
    private byte _mouseEncoding;
    private bool _sendFocus;

    private int _glevel;
    private byte _charset;

    private ParserState _state;
    private int _collect;
    private int _precedingJoinState;
    private char _pendingHighSurrogate;
    private char[]? _decodeBuffer;

    /// <summary>Initializes a new instance of the <see cref="VirtualTerminal"/> class with a blank screen.</summary>
    /// <param name="columns">The screen width in cells.</param>
    /// <param name="rows">The screen height in lines.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is less than 1 (2 columns) or more than <see cref="MaximumSize"/>.</exception>
    public VirtualTerminal(int columns, int rows)
        : this(columns, rows, TerminalCompatibility.XtermJs)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VirtualTerminal"/> class with a blank screen.</summary>
    /// <param name="columns">The screen width in cells.</param>
    /// <param name="rows">The screen height in lines.</param>
    /// <param name="compatibility">Which terminal to follow where xterm.js and real xterm differ.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is less than 1 (2 columns) or more than <see cref="MaximumSize"/>.</exception>
    public VirtualTerminal(int columns, int rows, TerminalCompatibility compatibility)
    {
        ValidateSize(columns, rows);
        Compatibility = compatibility;
        _cols = columns;
        _rows = rows;
        _normal = new ScreenBuffer(columns, rows);
        _normal.Fill(BlankCell(0));
        _alt = new ScreenBuffer(columns, rows);
        _active = _normal;
        _params.Reset();
    }

    /// <summary>Gets which terminal this one follows where xterm.js and real xterm differ.</summary>
    public TerminalCompatibility Compatibility { get; }

    /// <summary>Gets the screen width in cells.</summary>
    public int Columns => _cols;

    /// <summary>Gets the screen height in lines.</summary>
    public int Rows => _rows;

    /// <summary>Gets the cursor column (0-based); equals <see cref="Columns"/> while a wrap is pending, as in xterm.js.</summary>
    public int CursorX => _active.X;

    /// <summary>Gets the cursor row (0-based).</summary>
    public int CursorY => _active.Y;

    /// <summary>Gets a value indicating whether the alternate screen is active.</summary>
    public bool IsAlternateScreen => ReferenceEquals(_active, _alt);

    /// <summary>Gets a value indicating whether the cursor is visible (DECTCEM).</summary>
    public bool IsCursorVisible => !_cursorHidden;

    /// <summary>Gets the window title last set with OSC 0 or OSC 2.</summary>
    public string Title { get; private set; } = string.Empty;

    /// <summary>Gets the current terminal modes.</summary>
    public TerminalModes Modes =>
        (_insertMode ? TerminalModes.Insert : 0) |
        (_convertEol ? TerminalModes.LineFeedNewLine : 0) |
        (_wraparound ? TerminalModes.AutoWrap : 0) |
        (_origin ? TerminalModes.Origin : 0) |
        (_reverseWraparound ? TerminalModes.ReverseWrap : 0) |
        (_cursorHidden ? 0 : TerminalModes.CursorVisible) |
        (_applicationCursorKeys ? TerminalModes.ApplicationCursorKeys : 0) |
        (_applicationKeypad ? TerminalModes.ApplicationKeypad : 0) |
        (_bracketedPaste ? TerminalModes.BracketedPaste : 0) |
        (_sendFocus ? TerminalModes.FocusEvents : 0) |
        (_mouseProtocol != 0 ? TerminalModes.MouseTracking : 0);

    /// <summary>Gets the scroll region's first row (0-based).</summary>
    public int ScrollTop => _active.ScrollTop;

    /// <summary>Gets the scroll region's last row (0-based, inclusive).</summary>
    public int ScrollBottom => _active.ScrollBottom;

    /// <summary>Feeds terminal output (UTF-16 text).</summary>
    /// <param name="text">The output; escape sequences may be split across calls.</param>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    public void Write(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Write(text.AsSpan());
    }

    /// <summary>Feeds terminal output (UTF-16 text).</summary>
    /// <param name="text">The output; escape sequences and surrogate pairs may be split across calls.</param>
    public void Write(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return;
        }

        if (_pendingHighSurrogate != '\0')
        {
            Span<char> pair = [_pendingHighSurrogate, text[0]];
            _pendingHighSurrogate = '\0';
            if (char.IsLowSurrogate(text[0]))
            {
                Parse(pair);
                text = text[1..];
            }
            else
            {
                Parse(pair[..1]);
            }
        }

        if (text.Length > 0 && char.IsHighSurrogate(text[^1]))
        {
            _pendingHighSurrogate = text[^1];
            text = text[..^1];
        }

        Parse(text);
    }

    /// <summary>Feeds terminal output as UTF-8 bytes; a character split across calls is decoded once complete.</summary>
    /// <param name="utf8">The output bytes.</param>
    public void Write(ReadOnlySpan<byte> utf8)
    {
        _decodeBuffer ??= new char[DecodeChunk + 8];
        while (_pendingUtf8Length > 0 && !utf8.IsEmpty)
        {
            // Complete a character split across calls.
            _pendingUtf8[_pendingUtf8Length++] = utf8[0];
            utf8 = utf8[1..];
            var pending = _pendingUtf8.AsSpan(0, _pendingUtf8Length);
            var status = Utf8.ToUtf16(pending, _decodeBuffer, out var read, out var written, replaceInvalidSequences: true, isFinalBlock: false);
            if (status == OperationStatus.NeedMoreData && read == 0 && _pendingUtf8Length < 4)
            {
                continue;
            }

            var rest = pending[read..].ToArray();
            _pendingUtf8Length = 0;
            Write(_decodeBuffer.AsSpan(0, written));
            if (rest.Length > 0)
            {
                Write(rest);
            }
        }

        while (!utf8.IsEmpty)
        {
            var chunk = utf8[..Math.Min(utf8.Length, DecodeChunk)];
            var status = Utf8.ToUtf16(chunk, _decodeBuffer, out var read, out var written, replaceInvalidSequences: true, isFinalBlock: false);
            Write(_decodeBuffer.AsSpan(0, written));
            if (status == OperationStatus.NeedMoreData && chunk.Length == utf8.Length)
            {
                utf8[read..].CopyTo(_pendingUtf8);
                _pendingUtf8Length = utf8.Length - read;
                return;
            }

            utf8 = utf8[read..];
        }
    }

    /// <summary>Resizes the screen the way xterm.js does (lines are cut or padded, the cursor is kept on screen).</summary>
    /// <param name="columns">The new width in cells (at least 2).</param>
    /// <param name="rows">The new height in lines.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is out of range.</exception>
    public void Resize(int columns, int rows)
    {
        columns = Math.Max(columns, MinimumColumns);
        ValidateSize(columns, rows);
        if (columns == _cols && rows == _rows)
        {
            return;
        }

        ResizeBuffer(_normal, columns, rows, reflow: true);
        ResizeBuffer(_alt, columns, rows, reflow: false);
        _cols = columns;
        _rows = rows;
    }

    /// <summary>Performs a full reset (RIS): blank screen, default modes, attributes, tab stops and character sets.</summary>
    public void Reset()
    {
        _state = ParserState.Ground;
        _params.Reset();
        _collect = 0;
        _osc.Clear();
        _precedingJoinState = 0;
        _curFg = 0;
        _curBg = 0;
        _normal = new ScreenBuffer(_cols, _rows);
        _normal.Fill(BlankCell(0));
        _alt = new ScreenBuffer(_cols, _rows);
        _active = _normal;
        ResetCharsets();
        ResetModes();
    }

    /// <summary>Gets the text of one screen line as xterm.js's <c>translateToString</c> gives it.</summary>
    /// <param name="row">The row, 0-based.</param>
    /// <param name="trimRight">Whether to drop the empty cells at the end (cells written with a space are kept).</param>
    /// <returns>The line's text; empty cells read as spaces and a wide character's second cell is skipped.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> is not on the screen.</exception>
    public string GetLineText(int row, bool trimRight = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, _rows);
        return _active.Lines[row].ToText(trimRight);
    }

    /// <summary>Gets a value indicating whether a line continues the line above it (it was soft-wrapped).</summary>
    /// <param name="row">The row, 0-based.</param>
    /// <returns><see langword="true"/> if the text ran over from the previous line.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> is not on the screen.</exception>
    public bool IsLineWrapped(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, _rows);
        return _active.Lines[row].Wrapped;
    }

    /// <summary>Gets one cell of the screen.</summary>
    /// <param name="column">The column, 0-based.</param>
    /// <param name="row">The row, 0-based.</param>
    /// <returns>The cell's text, width, colours and attributes.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The position is not on the screen.</exception>
    public TerminalCell GetCell(int column, int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, _cols);
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, _rows);
        var line = _active.Lines[row];
        var cell = line.Cells[column];
        return new TerminalCell(line.GetCellText(column), cell.Width, cell.Fg, cell.Bg);
    }

    /// <summary>Gets the visible screen in the shape <c>ilmrec screen --json</c> and ../shared/peers/vt.mjs print.</summary>
    /// <returns>The size, cursor, active screen and right-trimmed lines.</returns>
    public ScreenText GetScreenText()
    {
        var lines = new string[_rows];
        for (var y = 0; y < _rows; y++)
        {
            lines[y] = _active.Lines[y].ToText(trimRight: true);
        }

        return new ScreenText(_cols, _rows, _active.X, _active.Y, IsAlternateScreen, lines);
    }

    /// <summary>Gets a line's colours and attributes as runs "fg,bg*count;" of xterm.js's packed words (for differential tests).</summary>
    internal string AttributeRuns(int row)
    {
        var cells = _active.Lines[row].Cells;
        var sb = new System.Text.StringBuilder();
        for (var x = 0; x < cells.Length;)
        {
            var fg = cells[x].Fg;
            var bg = cells[x].Bg;
            var end = x + 1;
            while (end < cells.Length && cells[end].Fg == fg && cells[end].Bg == bg)
            {
                end++;
            }

            sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"{fg:x},{bg:x}*{end - x};");
            x = end;
        }

        return sb.ToString();
    }

    private static void ValidateSize(int columns, int rows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, MinimumColumns);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(columns, MaximumSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rows, MaximumSize);
    }

    private static Cell BlankCell(uint bg) => new(Cell.Width1, 0, bg);

    /// <summary>xterm.js <c>_eraseAttrData</c>: erased cells keep the current background colour (BCE), nothing else.</summary>
    private Cell EraseCell => new(Cell.Width1, 0, _curBg & ~Attr.FlagsMask);

    private void ResetModes()
    {
        _insertMode = false;
        _wraparound = true;
        _origin = false;
        _reverseWraparound = false;
        _cursorHidden = false;
        _applicationCursorKeys = false;
        _applicationKeypad = false;
        _bracketedPaste = false;
        _mouseProtocol = 0;
        _mouseEncoding = 0;
        _sendFocus = false;
    }

    private void ResetCharsets()
    {
        Array.Clear(_charsets);
        _glevel = 0;
        _charset = CharsetAscii;
    }
}
