namespace InterviewLM.Recording.Terminal;

/// <summary>The normal or the alternate screen: lines, cursor, scroll region, tab stops and the saved cursor.</summary>
internal sealed class ScreenBuffer
{
    public ScreenBuffer(int columns, int rows)
    {
        Columns = columns;
        RowCount = rows;
        Capacity = rows;
        Lines = [];
        Tabs = new bool[columns + 1];
        ScrollBottom = rows - 1;
        SetupTabStops();
    }

    public int Columns { get; set; }

    public int RowCount { get; set; }

    /// <summary>Gets or sets the visible lines; empty while an alternate screen is inactive (xterm.js clears it).</summary>
    public Row[] Lines { get; set; }

    /// <summary>
    /// Gets or sets how many lines xterm.js's line list holds (screen plus scrollback). Without scrollback this is the row
    /// count, except for an alternate screen that was resized smaller while inactive: xterm.js keeps the larger capacity,
    /// and lines scrolled off its top are kept in <see cref="Above"/> until it is full.
    /// </summary>
    public int Capacity { get; set; }

    /// <summary>
    /// Gets or sets the start index of xterm.js's circular line list. It only matters in one place: xterm.js's reflow
    /// writes to negative list indexes, which land on real lines when the start index is large enough.
    /// </summary>
    public int StartIndex { get; set; }

    /// <summary>Gets the lines above the screen (xterm.js's scrollback; see <see cref="Capacity"/>).</summary>
    public List<Row> Above { get; } = [];

    /// <summary>Gets or sets where xterm.js's viewport starts in its line list (kept only for the next resize: lines are stored in screen order).</summary>
    public int Ybase { get; set; }

    public int X { get; set; }

    public int Y { get; set; }

    public int ScrollTop { get; set; }

    public int ScrollBottom { get; set; }

    /// <summary>Gets or sets tab stops by column (one extra slot: HTS is allowed at the pending-wrap column).</summary>
    public bool[] Tabs { get; set; }

    public int SavedX { get; set; }

    /// <summary>Gets or sets the saved row relative to the screen's top; negative once the saved line scrolled into <see cref="Above"/>.</summary>
    public int SavedY { get; set; }

    public uint SavedFg { get; set; }

    public uint SavedBg { get; set; }

    public byte SavedCharset { get; set; }

    public bool IsFilled => Lines.Length > 0;

    public void Fill(Cell fill)
    {
        if (Lines.Length != 0)
        {
            return;
        }

        Lines = new Row[RowCount];
        for (var i = 0; i < RowCount; i++)
        {
            Lines[i] = new Row(Columns, fill);
        }
    }

    /// <summary>xterm.js <c>Buffer.clear</c>.</summary>
    public void Clear()
    {
        X = 0;
        Y = 0;
        Ybase = 0;
        Above.Clear();
        Capacity = RowCount;
        StartIndex = 0;
        Lines = [];
        ScrollTop = 0;
        ScrollBottom = RowCount - 1;
        Array.Clear(Tabs);
        SetupTabStops();
    }

    public void SetupTabStops(int from = -1)
    {
        if (from >= 0)
        {
            if (!Tabs[from])
            {
                from = PrevStop(from);
            }
        }
        else
        {
            Array.Clear(Tabs);
            from = 0;
        }

        for (; from < Columns; from += 8)
        {
            Tabs[from] = true;
        }
    }

    public int NextStop(int x)
    {
        while (++x < Columns && !Tabs[x])
        {
        }

        return x >= Columns ? Columns - 1 : x < 0 ? 0 : x;
    }

    public int PrevStop(int x)
    {
        while (--x > 0 && !(x < Tabs.Length && Tabs[x]))
        {
        }

        return x >= Columns ? Columns - 1 : x < 0 ? 0 : x;
    }
}
