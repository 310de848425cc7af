using System.Text;

namespace InterviewLM.Recording.Diff.Tests;

/// <summary>Maps FsCheck's random bytes to texts that stress line handling: CRLF, LF, lone CR, tabs, non-ASCII and surrogate pairs.</summary>
internal static class TestText
{
    private static readonly string[] Alphabet = ["a", "b", "c", " ", "\t", "\n", "\r\n", "\r", "é", "\U0001F600", "x\n", "line\r\n"];

    private static readonly string[] LineAlphabet = ["a", "b", " ", "\t", "\n", "\r\n", "é", "\U0001F600", "if (x)\n", "}\n", "  y;\r\n"];

    public static string From(byte[]? codes) => Build(codes, Alphabet);

    /// <summary>Texts made of few distinct lines, so diffs have long common runs.</summary>
    public static string Lines(byte[]? codes) => Build(codes, LineAlphabet);

    private static string Build(byte[]? codes, string[] alphabet)
    {
        if (codes is null)
        {
            return string.Empty;
        }

        var builder = new StringBuilder();
        foreach (var code in codes)
        {
            builder.Append(alphabet[code % alphabet.Length]);
        }

        return builder.ToString();
    }

    /// <summary>Moves an offset off the middle of a surrogate pair.</summary>
    public static int Snap(string text, int offset)
        => offset > 0 && offset < text.Length && char.IsLowSurrogate(text[offset]) && char.IsHighSurrogate(text[offset - 1]) ? offset - 1 : offset;
}
