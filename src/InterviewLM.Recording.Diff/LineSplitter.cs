using DiffPlex;

namespace InterviewLM.Recording.Diff;

/// <summary>Splits text into lines that keep their terminators, so joining the lines gives the text back exactly.</summary>
internal sealed class LineSplitter : IChunker
{
    private readonly bool _newlineOnly;

    private LineSplitter(bool newlineOnly) => _newlineOnly = newlineOnly;

    /// <summary>Gets the splitter for code lines: <c>\r\n</c>, <c>\n</c> and a lone <c>\r</c> end a line (Monaco's rule).</summary>
    public static LineSplitter Editor { get; } = new(newlineOnly: false);

    /// <summary>Gets the splitter for patch tools: only <c>\n</c> ends a line; a <c>\r</c> before it stays part of the line (git and GNU patch).</summary>
    public static LineSplitter Patch { get; } = new(newlineOnly: true);

    public IReadOnlyList<string> Chunk(string str) => Split(str);

    /// <summary>Counts the lines of <paramref name="text"/> as <see cref="Split"/> would.</summary>
    public int Count(ReadOnlySpan<char> text)
    {
        var count = 0;
        var start = 0;
        while (start < text.Length)
        {
            var found = _newlineOnly ? text[start..].IndexOf('\n') : text[start..].IndexOfAny('\r', '\n');
            count++;
            if (found < 0)
            {
                break;
            }

            var end = start + found + 1;
            if (!_newlineOnly && text[end - 1] == '\r' && end < text.Length && text[end] == '\n')
            {
                end++;
            }

            start = end;
        }

        return count;
    }

    public string[] Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return [];
        }

        var lines = new List<string>();
        var start = 0;
        var span = text.AsSpan();
        while (start < text.Length)
        {
            var found = _newlineOnly ? span[start..].IndexOf('\n') : span[start..].IndexOfAny('\r', '\n');
            if (found < 0)
            {
                lines.Add(text[start..]);
                break;
            }

            var end = start + found + 1;
            if (!_newlineOnly && text[end - 1] == '\r' && end < text.Length && text[end] == '\n')
            {
                end++;
            }

            lines.Add(text[start..end]);
            start = end;
        }

        return [.. lines];
    }
}
