namespace InterviewLM.Recording.Terminal;

/// <summary>Bit layout of a cell's foreground and background words (the same as xterm.js's <c>Attributes</c>).</summary>
internal static class Attr
{
    public const uint ColorMask = 0xFFFFFF;
    public const uint PaletteMask = 0xFF;
    public const uint ModeMask = 0x3000000;
    public const uint ModeP16 = 0x1000000;
    public const uint ModeP256 = 0x2000000;
    public const uint ModeRgb = 0x3000000;
    public const uint FlagsMask = 0xFC000000;

    // Foreground flags.
    public const uint Inverse = 0x4000000;
    public const uint Bold = 0x8000000;
    public const uint Underline = 0x10000000;
    public const uint Blink = 0x20000000;
    public const uint Invisible = 0x40000000;
    public const uint Strikethrough = 0x80000000;

    // Background flags.
    public const uint Italic = 0x4000000;
    public const uint Dim = 0x8000000;
    public const uint Protected = 0x20000000;
    public const uint Overline = 0x40000000;
}
