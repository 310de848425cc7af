namespace InterviewLM.Recording.Terminal;

/// <content>Snapshots: capture the whole state compactly and restore it exactly.</content>
public sealed partial class VirtualTerminal
{
    private const int RowWrapped = 1;
    private const int RowUniform = 2;
    private const int RowCombined = 4;

    /// <summary>Captures the terminal's complete state.</summary>
    /// <returns>A snapshot that <see cref="Restore"/> or <see cref="FromSnapshot"/> turn back into this exact state.</returns>
    public ScreenSnapshot Snapshot()
    {
        var w = new SnapshotWriter(64 + (_cols * _rows * 2));
        w.WriteUInt32(ScreenSnapshot.Magic);
        w.WriteByte(ScreenSnapshot.Version);
        w.WriteVarint(_cols);
        w.WriteVarint(_rows);
        w.WriteVarint(
            (_insertMode ? 1 : 0) | (_convertEol ? 2 : 0) | (_wraparound ? 4 : 0) | (_origin ? 8 : 0) |
            (_reverseWraparound ? 16 : 0) | (_cursorHidden ? 32 : 0) | (_applicationCursorKeys ? 64 : 0) |
            (_applicationKeypad ? 128 : 0) | (_bracketedPaste ? 256 : 0) | (_sendFocus ? 512 : 0));
        w.WriteByte(_mouseProtocol);
        w.WriteByte(_mouseEncoding);
        w.WriteUInt32(_curFg);
        w.WriteUInt32(_curBg);
        w.WriteByte((byte)_glevel);
        w.WriteByte(_charset);
        foreach (var charset in _charsets)
        {
            w.WriteByte(charset);
        }

        w.WriteByte((byte)_state);
        w.WriteVarint((uint)_collect);
        _params.WriteTo(w);
        w.WriteString(_osc.ToString());
        w.WriteVarint(_precedingJoinState);
        w.WriteVarint(_pendingHighSurrogate);
        w.WriteByte((byte)_pendingUtf8Length);
        for (var i = 0; i < _pendingUtf8Length; i++)
        {
            w.WriteByte(_pendingUtf8[i]);
        }

        w.WriteString(Title);
        w.WriteByte(IsAlternateScreen ? (byte)1 : (byte)0);
        WriteBuffer(w, _normal);
        WriteBuffer(w, _alt);
        return new ScreenSnapshot(w.WrittenSpan.ToArray(), _cols, _rows);
    }

    /// <summary>Replaces this terminal's state with a snapshot's (including its size).</summary>
    /// <param name="snapshot">The snapshot.</param>
    /// <exception cref="ArgumentNullException"><paramref name="snapshot"/> is <see langword="null"/>.</exception>
    public void Restore(ScreenSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var reader = new SnapshotReader(snapshot.Data.Span);
        ReadState(ref reader);
    }

    /// <summary>Creates a terminal in a snapshot's state.</summary>
    /// <param name="snapshot">The snapshot.</param>
    /// <param name="compatibility">Which terminal to follow where xterm.js and real xterm differ (not part of the snapshot).</param>
    /// <returns>A new terminal that behaves exactly like the one the snapshot was taken from.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="snapshot"/> is <see langword="null"/>.</exception>
    public static VirtualTerminal FromSnapshot(ScreenSnapshot snapshot, TerminalCompatibility compatibility = TerminalCompatibility.XtermJs)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var terminal = new VirtualTerminal(snapshot.Columns, snapshot.Rows, compatibility);
        terminal.Restore(snapshot);
        return terminal;
    }

    internal static VirtualTerminal Decode(ReadOnlySpan<byte> data)
    {
        var reader = new SnapshotReader(data);
        var terminal = new VirtualTerminal(MinimumColumns, 1);
        terminal.ReadState(ref reader);
        return terminal;
    }

    private static void WriteBuffer(SnapshotWriter w, ScreenBuffer b)
    {
        w.WriteByte(b.IsFilled ? (byte)1 : (byte)0);
        w.WriteVarint(b.Capacity);
        w.WriteVarint(b.StartIndex);
        w.WriteVarint(b.Ybase);
        w.WriteVarint(b.X);
        w.WriteVarint(b.Y);
        w.WriteVarint(b.ScrollTop);
        w.WriteVarint(b.ScrollBottom);
        w.WriteVarint(b.SavedX);
        w.WriteVarint(b.SavedY + MaximumSize);
        w.WriteUInt32(b.SavedFg);
        w.WriteUInt32(b.SavedBg);
        w.WriteByte(b.SavedCharset);
        var tabs = b.Tabs;
        for (var i = 0; i < tabs.Length; i += 8)
        {
            var bits = 0;
            for (var k = 0; k < 8 && i + k < tabs.Length; k++)
            {
                bits |= tabs[i + k] ? 1 << k : 0;
            }

            w.WriteByte((byte)bits);
        }

        if (!b.IsFilled)
        {
            return;
        }

        foreach (var row in b.Lines)
        {
            WriteRow(w, row);
        }

        w.WriteVarint(b.Above.Count);
        foreach (var row in b.Above)
        {
            WriteRow(w, row);
        }
    }

    private static void WriteRow(SnapshotWriter w, Row row)
    {
        var cells = row.Cells.AsSpan();
        var first = cells[0];
        var uniform = true;
        for (var x = 1; x < cells.Length; x++)
        {
            if (!cells[x].Equals(first))
            {
                uniform = false;
                break;
            }
        }

        var combinedCount = 0;
        if (row.Combined is not null)
        {
            for (var x = 0; x < cells.Length; x++)
            {
                if (cells[x].IsCombined && row.Combined.ContainsKey(x))
                {
                    combinedCount++;
                }
            }
        }

        w.WriteByte((byte)((row.Wrapped ? RowWrapped : 0) | (uniform ? RowUniform : 0) | (combinedCount > 0 ? RowCombined : 0)));
        w.WriteVarint(cells.Length);
        if (uniform)
        {
            w.WriteVarint(first.Content ^ Cell.Width1);
            w.WriteUInt32(first.Fg);
            w.WriteUInt32(first.Bg);
        }
        else
        {
            var x = 0;
            while (x < cells.Length)
            {
                var fg = cells[x].Fg;
                var bg = cells[x].Bg;
                var end = x + 1;
                while (end < cells.Length && cells[end].Fg == fg && cells[end].Bg == bg)
                {
                    end++;
                }

                w.WriteVarint(end - x);
                w.WriteUInt32(fg);
                w.WriteUInt32(bg);
                for (; x < end; x++)
                {
                    w.WriteVarint(cells[x].Content ^ Cell.Width1);
                }
            }
        }

        if (combinedCount > 0)
        {
            w.WriteVarint(combinedCount);
            for (var x = 0; x < cells.Length; x++)
            {
                if (cells[x].IsCombined && row.Combined!.TryGetValue(x, out var text))
                {
                    w.WriteVarint(x);
                    w.WriteString(text);
                }
            }
        }
    }

    private void ReadState(ref SnapshotReader r)
    {
        if (r.ReadUInt32() != ScreenSnapshot.Magic)
        {
            throw new FormatException("The data is not a screen snapshot (bad magic number).");
        }

        var version = r.ReadByte();
        if (version != ScreenSnapshot.Version)
        {
            throw new FormatException($"The screen snapshot has version {version}; this library reads version {ScreenSnapshot.Version}.");
        }

        var cols = r.ReadVarint(MaximumSize);
        var rows = r.ReadVarint(MaximumSize);
        if (cols < MinimumColumns || rows < 1)
        {
            throw new FormatException($"The screen snapshot has an invalid size {cols}x{rows}.");
        }

        var modes = r.ReadVarint(1023);
        var mouseProtocol = r.ReadByte();
        var mouseEncoding = r.ReadByte();
        var curFg = r.ReadUInt32();
        var curBg = r.ReadUInt32();
        var glevel = r.ReadByte();
        var charset = ReadCharset(ref r);
        Span<byte> charsets = stackalloc byte[4];
        for (var i = 0; i < 4; i++)
        {
            charsets[i] = ReadCharset(ref r);
        }

        if (glevel > 3 || mouseProtocol > 4 || mouseEncoding > 2)
        {
            throw new FormatException("The screen snapshot holds an invalid mode value.");
        }

        var state = r.ReadByte();
        if (state > (byte)ParserState.DcsPassthrough)
        {
            throw new FormatException("The screen snapshot holds an invalid parser state.");
        }

        var collect = (int)(uint)r.ReadVarint64();
        var parameters = new Params();
        parameters.ReadFrom(ref r);
        var osc = r.ReadString(MaxOscLength * 3);
        var joinState = r.ReadVarint(7);
        var pendingHigh = (char)r.ReadVarint(0xFFFF);
        var pendingUtf8Length = r.ReadVarint(3);
        Span<byte> pendingUtf8 = stackalloc byte[4];
        for (var i = 0; i < pendingUtf8Length; i++)
        {
            pendingUtf8[i] = r.ReadByte();
        }

        var title = r.ReadString(MaxOscLength * 3);
        var alt = r.ReadByte();
        if (alt > 1)
        {
            throw new FormatException("The screen snapshot holds an invalid screen flag.");
        }

        var normal = ReadBuffer(ref r, cols, rows);
        var altBuffer = ReadBuffer(ref r, cols, rows);
        if (!normal.IsFilled || (alt == 1 && !altBuffer.IsFilled))
        {
            throw new FormatException("The screen snapshot's active screen has no lines.");
        }

        if (!r.AtEnd)
        {
            throw new FormatException("The screen snapshot has data after its end.");
        }

        // Everything was read and checked: only now change this terminal.
        _cols = cols;
        _rows = rows;
        _insertMode = (modes & 1) != 0;
        _convertEol = (modes & 2) != 0;
        _wraparound = (modes & 4) != 0;
        _origin = (modes & 8) != 0;
        _reverseWraparound = (modes & 16) != 0;
        _cursorHidden = (modes & 32) != 0;
        _applicationCursorKeys = (modes & 64) != 0;
        _applicationKeypad = (modes & 128) != 0;
        _bracketedPaste = (modes & 256) != 0;
        _sendFocus = (modes & 512) != 0;
        _mouseProtocol = mouseProtocol;
        _mouseEncoding = mouseEncoding;
        _curFg = curFg;
        _curBg = curBg;
        _glevel = glevel;
        _charset = charset;
        charsets.CopyTo(_charsets);
        _state = (ParserState)state;
        _collect = collect;
        _params.CopyFrom(parameters);
        _osc.Clear().Append(osc);
        _precedingJoinState = joinState;
        _pendingHighSurrogate = pendingHigh;
        _pendingUtf8Length = pendingUtf8Length;
        pendingUtf8.CopyTo(_pendingUtf8);
        Title = title;
        _normal = normal;
        _alt = altBuffer;
        _active = alt == 1 ? altBuffer : normal;
    }

    private static byte ReadCharset(ref SnapshotReader r)
    {
        var charset = r.ReadByte();
        if (charset > CharsetUk)
        {
            throw new FormatException("The screen snapshot holds an unknown character set.");
        }

        return charset;
    }

    private static ScreenBuffer ReadBuffer(ref SnapshotReader r, int cols, int rows)
    {
        var b = new ScreenBuffer(cols, rows);
        var filled = r.ReadByte();
        if (filled > 1)
        {
            throw new FormatException("The screen snapshot holds an invalid screen flag.");
        }

        b.Capacity = r.ReadVarint(MaximumSize);
        b.StartIndex = r.ReadVarint(int.MaxValue / 2);
        b.Ybase = r.ReadVarint(MaximumSize);
        if (b.Capacity < rows)
        {
            throw new FormatException("The screen snapshot holds an invalid line capacity.");
        }

        b.X = r.ReadVarint(int.MaxValue / 2);
        b.Y = r.ReadVarint(rows - 1);
        b.ScrollTop = r.ReadVarint(rows - 1);
        b.ScrollBottom = r.ReadVarint(rows - 1);
        b.SavedX = r.ReadVarint(int.MaxValue / 2);
        b.SavedY = r.ReadVarint(2 * MaximumSize) - MaximumSize;
        b.SavedFg = r.ReadUInt32();
        b.SavedBg = r.ReadUInt32();
        b.SavedCharset = ReadCharset(ref r);
        if (b.ScrollTop > b.ScrollBottom)
        {
            throw new FormatException("The screen snapshot holds an invalid scroll region.");
        }

        var tabs = b.Tabs;
        for (var i = 0; i < tabs.Length; i += 8)
        {
            var bits = r.ReadByte();
            for (var k = 0; k < 8 && i + k < tabs.Length; k++)
            {
                tabs[i + k] = (bits & (1 << k)) != 0;
            }
        }

        if (filled == 0)
        {
            return b;
        }

        var lines = new Row[rows];
        for (var y = 0; y < rows; y++)
        {
            lines[y] = ReadRow(ref r, cols);
        }

        b.Lines = lines;
        // Reflowing resizes can leave more lines above the screen than the capacity leaves room for (the count the
        // writer saw); the snapshot must restore exactly that. The bound only stops absurd counts: each line costs bytes.
        var above = r.ReadVarint(MaximumSize * 4);
        for (var i = 0; i < above; i++)
        {
            b.Above.Add(ReadRow(ref r, cols));
        }

        return b;
    }

    private static Row ReadRow(ref SnapshotReader r, int minColumns)
    {
        int cols;
        var flags = r.ReadByte();
        if (flags > 7)
        {
            throw new FormatException("The screen snapshot holds an invalid line.");
        }

        // The alternate screen keeps over-long lines after a narrowing resize, as xterm.js does.
        cols = r.ReadVarint(MaximumSize);
        if (cols < minColumns)
        {
            throw new FormatException("The screen snapshot holds a line shorter than the screen.");
        }

        Row row;
        if ((flags & RowUniform) != 0)
        {
            var content = ReadContent(ref r);
            var fg = r.ReadUInt32();
            var bg = r.ReadUInt32();
            row = new Row(cols, new Cell(content, fg, bg));
        }
        else
        {
            row = new Row(cols, default);
            var cells = row.Cells;
            var x = 0;
            while (x < cols)
            {
                var run = r.ReadVarint(cols - x);
                if (run == 0)
                {
                    throw new FormatException("The screen snapshot holds an empty run of cells.");
                }

                var fg = r.ReadUInt32();
                var bg = r.ReadUInt32();
                for (var end = x + run; x < end; x++)
                {
                    cells[x] = new Cell(ReadContent(ref r), fg, bg);
                }
            }
        }

        row.Wrapped = (flags & RowWrapped) != 0;
        if ((flags & RowCombined) != 0)
        {
            var count = r.ReadVarint(cols);
            row.Combined = new Dictionary<int, string>(count);
            for (var i = 0; i < count; i++)
            {
                var x = r.ReadVarint(cols - 1);
                row.Combined[x] = r.ReadString(1 << 20);
            }
        }

        return row;
    }

    private static uint ReadContent(ref SnapshotReader r)
    {
        var value = r.ReadVarint64();
        if (value > 0xFFFFFF)
        {
            throw new FormatException("The screen snapshot holds an invalid cell.");
        }

        return (uint)value ^ Cell.Width1;
    }
}
