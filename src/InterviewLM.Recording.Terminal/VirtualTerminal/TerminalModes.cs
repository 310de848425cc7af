namespace InterviewLM.Recording.Terminal;

/// <summary>Represents the terminal modes a program can switch.</summary>
[Flags]
public enum TerminalModes
{
    /// <summary>No mode is set.</summary>
    None = 0,

    /// <summary>Insert mode (IRM, <c>CSI 4 h</c>).</summary>
    Insert = 1 << 0,

    /// <summary>Line feed also returns the carriage (LNM, <c>CSI 20 h</c>).</summary>
    LineFeedNewLine = 1 << 1,

    /// <summary>Autowrap (DECAWM, <c>CSI ? 7 h</c>); on by default.</summary>
    AutoWrap = 1 << 2,

    /// <summary>Origin mode (DECOM, <c>CSI ? 6 h</c>): cursor addressing is relative to the scroll region.</summary>
    Origin = 1 << 3,

    /// <summary>Reverse wraparound (<c>CSI ? 45 h</c>): backspace at column 0 returns to a wrapped line's end.</summary>
    ReverseWrap = 1 << 4,

    /// <summary>The cursor is shown (DECTCEM, <c>CSI ? 25 h</c>); on by default.</summary>
    CursorVisible = 1 << 5,

    /// <summary>Application cursor keys (DECCKM, <c>CSI ? 1 h</c>).</summary>
    ApplicationCursorKeys = 1 << 6,

    /// <summary>Application keypad (DECKPAM, <c>ESC =</c>).</summary>
    ApplicationKeypad = 1 << 7,

    /// <summary>Bracketed paste (<c>CSI ? 2004 h</c>).</summary>
    BracketedPaste = 1 << 8,

    /// <summary>Focus in/out reports (<c>CSI ? 1004 h</c>).</summary>
    FocusEvents = 1 << 9,

    /// <summary>Any mouse tracking mode (<c>CSI ? 9/1000/1002/1003 h</c>).</summary>
    MouseTracking = 1 << 10,
}
