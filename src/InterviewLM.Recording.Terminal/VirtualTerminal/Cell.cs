using System.Runtime.InteropServices;

namespace InterviewLM.Recording.Terminal;

/// <summary>One screen cell, packed like xterm.js's buffer cells so that the screen model behaves the same.</summary>
/// <remarks>
/// <see cref="Content"/>: bits 0–20 code point (0 = empty), bit 21 = combined (text in the row's side table),
/// bits 22–23 = width (0 for the stub after a wide character). <see cref="Fg"/> and <see cref="Bg"/>: bits 0–23 colour
/// (palette index or RGB), bits 24–25 colour mode, bits 26–31 attribute flags.
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
internal struct Cell : IEquatable<Cell>
{
    public const uint CodePointMask = 0x1FFFFF;
    public const uint CombinedFlag = 0x200000;
    public const uint HasContentMask = 0x3FFFFF;
    public const int WidthShift = 22;
    public const uint Width1 = 1u << WidthShift;

    public uint Content;
    public uint Fg;
    public uint Bg;

    public Cell(uint content, uint fg, uint bg)
    {
        Content = content;
        Fg = fg;
        Bg = bg;
    }

    public readonly int Width => (int)(Content >> WidthShift);

    public readonly bool HasContent => (Content & HasContentMask) != 0;

    public readonly bool IsCombined => (Content & CombinedFlag) != 0;

    public readonly int CodePoint => (int)(Content & CodePointMask);

    public readonly bool Equals(Cell other) => Content == other.Content && Fg == other.Fg && Bg == other.Bg;

    public override readonly bool Equals(object? obj) => obj is Cell other && Equals(other);

    public override readonly int GetHashCode() => HashCode.Combine(Content, Fg, Bg);
}
