namespace InterviewLM.Recording.Terminal;

/// <summary>Represents which terminal's behaviour <see cref="VirtualTerminal"/> follows where xterm.js and real xterm differ.</summary>
public enum TerminalCompatibility
{
    /// <summary>Behave like xterm.js (@xterm/headless), the terminal recordings are replayed in. The default.</summary>
    XtermJs,

    /// <summary>
    /// Behave like real xterm where xterm.js knowingly differs: erase in line (EL) clears a pending autowrap, so the next
    /// character lands in the last column instead of wrapping (xterm.js's own conformance run skips this case, t0055-EL).
    /// </summary>
    Xterm,
}
