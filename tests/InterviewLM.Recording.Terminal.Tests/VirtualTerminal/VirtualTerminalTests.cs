namespace InterviewLM.Recording.Terminal.Tests;

public sealed class VirtualTerminalTests
{
    [Fact]
    public void Write_FullLine_CursorWaitsInPendingWrapColumn()
    {
        var terminal = new VirtualTerminal(10, 3);
        terminal.Write("0123456789");
        Assert.Equal((10, 0), (terminal.CursorX, terminal.CursorY));
        terminal.Write("x");
        Assert.Equal("x", terminal.GetLineText(1));
        Assert.True(terminal.IsLineWrapped(1));
    }

    [Fact]
    public void GetLineText_WrittenSpacesKept_ErasedCellsTrimmed()
    {
        var terminal = new VirtualTerminal(10, 2);
        terminal.Write("ab  \r\ncd  \u001b[2D\u001b[K");
        Assert.Equal("ab  ", terminal.GetLineText(0));
        Assert.Equal("cd", terminal.GetLineText(1));
    }

    [Fact]
    public void Write_WideAndCombiningCharacters_TakeUnicode11Widths()
    {
        var terminal = new VirtualTerminal(10, 2);
        terminal.Write("日😀e\u0301!");
        Assert.Equal("日😀e\u0301!", terminal.GetLineText(0));
        Assert.Equal(6, terminal.CursorX);
        Assert.Equal(2, terminal.GetCell(0, 0).Width);
        Assert.Equal(0, terminal.GetCell(1, 0).Width);
        Assert.Equal("e\u0301", terminal.GetCell(4, 0).Text);
    }

    [Fact]
    public void Write_DecSpecialGraphics_DrawsLines()
    {
        var terminal = new VirtualTerminal(10, 2);
        terminal.Write("\u001b(0lqk\u001b(Bx\u001b)0\u000eq\u000fq");
        Assert.Equal("┌─┐x─q", terminal.GetLineText(0));
    }

    [Fact]
    public void Write_SgrColours_StoredPerCell()
    {
        var terminal = new VirtualTerminal(10, 2);
        terminal.Write("\u001b[1;3;31;48;5;200ma\u001b[38;2;1;2;3;7mb\u001b[0mc");
        var a = terminal.GetCell(0, 0);
        Assert.Equal(new TerminalColor(TerminalColorKind.Palette16, 1), a.Foreground);
        Assert.Equal(new TerminalColor(TerminalColorKind.Palette256, 200), a.Background);
        Assert.Equal(CellAttributes.Bold | CellAttributes.Italic, a.Attributes);
        var b = terminal.GetCell(1, 0);
        Assert.Equal(new TerminalColor(TerminalColorKind.Rgb, 0x010203), b.Foreground);
        Assert.True(b.Attributes.HasFlag(CellAttributes.Inverse));
        Assert.Equal(TerminalColor.Default, terminal.GetCell(2, 0).Foreground);
    }

    [Fact]
    public void Write_AlternateScreen1049_RestoresNormalScreenAndCursor()
    {
        var terminal = new VirtualTerminal(10, 3);
        terminal.Write("main\u001b[?1049h\u001b[2;2Halt");
        Assert.True(terminal.IsAlternateScreen);
        Assert.Equal(" alt", terminal.GetLineText(1));
        terminal.Write("\u001b[?1049l");
        Assert.False(terminal.IsAlternateScreen);
        Assert.Equal("main", terminal.GetLineText(0));
        Assert.Equal((4, 0), (terminal.CursorX, terminal.CursorY));
    }

    [Fact]
    public void Write_ScrollRegion_ScrollsOnlyInside()
    {
        var terminal = new VirtualTerminal(5, 4);
        terminal.Write("a\r\nb\r\nc\r\nd\u001b[2;3r\u001b[3;1H\n");
        Assert.Equal(["a", "c", "", "d"], Enumerable.Range(0, 4).Select(y => terminal.GetLineText(y)));
    }

    [Fact]
    public void Write_OscTitle_SetsTitle()
    {
        var terminal = new VirtualTerminal(5, 2);
        terminal.Write("\u001b]0;first\u0007\u001b]2;sec");
        terminal.Write("ond\u001b\\");
        Assert.Equal("second", terminal.Title);
    }

    [Fact]
    public void Resize_Smaller_KeepsCursorLine()
    {
        var terminal = new VirtualTerminal(10, 4);
        terminal.Write("1\r\n2\r\n3\r\n4");
        terminal.Resize(5, 2);
        Assert.Equal(["3", "4"], Enumerable.Range(0, 2).Select(y => terminal.GetLineText(y)));
        Assert.Equal(1, terminal.CursorY);
    }

    [Fact]
    public void Constructor_BadSize_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new VirtualTerminal(1, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new VirtualTerminal(80, 0));
    }
}
