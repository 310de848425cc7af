namespace InterviewLM.Recording.Terminal;

/// <summary>Represents a cell colour: the default colour, a palette index (0–15 or 0–255) or an RGB value.</summary>
/// <param name="Kind">How <paramref name="Value"/> is to be read.</param>
/// <param name="Value">The palette index, or the RGB value as <c>0xRRGGBB</c>; 0 for the default colour.</param>
public readonly record struct TerminalColor(TerminalColorKind Kind, int Value)
{
    /// <summary>Gets the terminal's default colour.</summary>
    public static TerminalColor Default => default;

    internal static TerminalColor FromPacked(uint packed) => (packed & Attr.ModeMask) switch
    {
        Attr.ModeP16 => new TerminalColor(TerminalColorKind.Palette16, (int)(packed & Attr.PaletteMask)),
        Attr.ModeP256 => new TerminalColor(TerminalColorKind.Palette256, (int)(packed & Attr.PaletteMask)),
        Attr.ModeRgb => new TerminalColor(TerminalColorKind.Rgb, (int)(packed & Attr.ColorMask)),
        _ => Default,
    };

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        TerminalColorKind.Default => "default",
        TerminalColorKind.Rgb => $"#{Value:x6}",
        _ => Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
