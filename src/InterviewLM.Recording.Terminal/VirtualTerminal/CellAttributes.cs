namespace InterviewLM.Recording.Terminal;

/// <summary>Represents the SGR text attributes of a cell.</summary>
[Flags]
public enum CellAttributes
{
    /// <summary>No attribute.</summary>
    None = 0,

    /// <summary>Bold (SGR 1).</summary>
    Bold = 1 << 0,

    /// <summary>Dim (SGR 2).</summary>
    Dim = 1 << 1,

    /// <summary>Italic (SGR 3).</summary>
    Italic = 1 << 2,

    /// <summary>Underline (SGR 4, 21).</summary>
    Underline = 1 << 3,

    /// <summary>Blink (SGR 5).</summary>
    Blink = 1 << 4,

    /// <summary>Inverse (SGR 7).</summary>
    Inverse = 1 << 5,

    /// <summary>Hidden (SGR 8).</summary>
    Invisible = 1 << 6,

    /// <summary>Strikethrough (SGR 9).</summary>
    Strikethrough = 1 << 7,

    /// <summary>Overline (SGR 53).</summary>
    Overline = 1 << 8,

    /// <summary>Protected from selective erase (DECSCA).</summary>
    Protected = 1 << 9,
}
