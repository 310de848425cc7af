namespace InterviewLM.Recording.Terminal;

/// <summary>Represents one cell of the screen: its text, width, colours and attributes.</summary>
public readonly struct TerminalCell : IEquatable<TerminalCell>
{
    private readonly uint _fg;
    private readonly uint _bg;

    internal TerminalCell(string text, int width, uint fg, uint bg)
    {
        Text = text;
        Width = width;
        _fg = fg;
        _bg = bg;
    }

    /// <summary>Gets the cell's text: empty for an empty cell or a wide character's second cell; may hold combining marks.</summary>
    public string Text { get; }

    /// <summary>Gets the cell's width: 1, 2 for a wide character, 0 for the second cell of a wide character.</summary>
    public int Width { get; }

    /// <summary>Gets the foreground colour.</summary>
    public TerminalColor Foreground => TerminalColor.FromPacked(_fg);

    /// <summary>Gets the background colour.</summary>
    public TerminalColor Background => TerminalColor.FromPacked(_bg);

    /// <summary>Gets the text attributes.</summary>
    public CellAttributes Attributes =>
        ((_fg & Attr.Bold) != 0 ? CellAttributes.Bold : 0) |
        ((_bg & Attr.Dim) != 0 ? CellAttributes.Dim : 0) |
        ((_bg & Attr.Italic) != 0 ? CellAttributes.Italic : 0) |
        ((_fg & Attr.Underline) != 0 ? CellAttributes.Underline : 0) |
        ((_fg & Attr.Blink) != 0 ? CellAttributes.Blink : 0) |
        ((_fg & Attr.Inverse) != 0 ? CellAttributes.Inverse : 0) |
        ((_fg & Attr.Invisible) != 0 ? CellAttributes.Invisible : 0) |
        ((_fg & Attr.Strikethrough) != 0 ? CellAttributes.Strikethrough : 0) |
        ((_bg & Attr.Overline) != 0 ? CellAttributes.Overline : 0) |
        ((_bg & Attr.Protected) != 0 ? CellAttributes.Protected : 0);

    /// <summary>Determines whether two cells are equal.</summary>
    /// <param name="left">The first cell.</param>
    /// <param name="right">The second cell.</param>
    /// <returns><see langword="true"/> if text, width, colours and attributes are equal.</returns>
    public static bool operator ==(TerminalCell left, TerminalCell right) => left.Equals(right);

    /// <summary>Determines whether two cells differ.</summary>
    /// <param name="left">The first cell.</param>
    /// <param name="right">The second cell.</param>
    /// <returns><see langword="true"/> if text, width, colours or attributes differ.</returns>
    public static bool operator !=(TerminalCell left, TerminalCell right) => !left.Equals(right);

    /// <inheritdoc/>
    public bool Equals(TerminalCell other) =>
        string.Equals(Text, other.Text, StringComparison.Ordinal) && Width == other.Width && _fg == other._fg && _bg == other._bg;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is TerminalCell other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Text, Width, _fg, _bg);

    /// <inheritdoc/>
    public override string ToString() => Text;
}
