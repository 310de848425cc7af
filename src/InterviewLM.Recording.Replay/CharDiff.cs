using System.Text;
using InterviewLM.Recording.Diff;

namespace InterviewLM.Recording.Replay;

/// <summary>The smallest changes a keyframe stores between two versions of a file: a line diff, each hunk then trimmed to the characters that differ.</summary>
/// <remarks>
/// Files written as long lines (prose, minified code) change a few characters of a line at a time; a line diff would
/// store the whole line again. Changes are offsets in the old text, ascending and not overlapping.
/// </remarks>
internal static class CharDiff
{
    public static TextChange[] Create(string oldText, string newText)
    {
        var hunks = LineDiff.ToTextChanges(LineDiff.Create(oldText, newText).Items, oldText);
        var changes = new TextChange[hunks.Count];
        for (var i = 0; i < changes.Length; i++)
        {
            var (offset, length, text) = (hunks[i].RangeOffset, hunks[i].RangeLength, hunks[i].Text);
            var removed = oldText.AsSpan(offset, length);
            var prefix = removed.CommonPrefixLength(text);
            var suffix = CommonSuffixLength(removed[prefix..], text.AsSpan(prefix));
            changes[i] = new TextChange(offset + prefix, length - prefix - suffix, text.Substring(prefix, text.Length - prefix - suffix));
        }

        return changes;
    }

    private static int CommonSuffixLength(ReadOnlySpan<char> left, ReadOnlySpan<char> right)
    {
        var length = 0;
        while (length < left.Length && length < right.Length && left[^(length + 1)] == right[^(length + 1)])
        {
            length++;
        }

        return length;
    }

    /// <summary>Gets what a diff costs to store, roughly: its inserted characters plus a few bytes per change.</summary>
    public static long Size(IReadOnlyList<TextChange> changes)
    {
        long size = 0;
        foreach (var change in changes)
        {
            size += change.Text.Length + 6;
        }

        return size;
    }

    public static string Apply(IReadOnlyList<TextChange> changes, string oldText)
    {
        var result = new StringBuilder(oldText.Length + (int)Math.Min(int.MaxValue / 2, Size(changes)));
        var position = 0;
        foreach (var change in changes)
        {
            if (change.RangeOffset < position || change.RangeLength < 0 || change.RangeOffset + change.RangeLength > oldText.Length)
            {
                throw new FormatException("A keyframe's changes do not fit the text they apply to.");
            }

            result.Append(oldText, position, change.RangeOffset - position).Append(change.Text);
            position = change.RangeOffset + change.RangeLength;
        }

        return result.Append(oldText, position, oldText.Length - position).ToString();
    }

    public static void Write(BinaryWriter writer, IReadOnlyList<TextChange> changes)
    {
        writer.Write7BitEncodedInt(changes.Count);
        var position = 0;
        foreach (var change in changes)
        {
            writer.Write7BitEncodedInt(change.RangeOffset - position);
            writer.Write7BitEncodedInt(change.RangeLength);
            writer.Write(change.Text);
            position = change.RangeOffset + change.RangeLength;
        }
    }

    public static TextChange[] Read(BinaryReader reader)
    {
        var count = reader.ReadCount("change");
        var changes = new TextChange[count];
        var position = 0;
        for (var i = 0; i < count; i++)
        {
            var offset = checked(position + reader.Read7BitEncodedInt());
            var length = reader.Read7BitEncodedInt();
            changes[i] = new TextChange(offset, length, reader.ReadString());
            position = checked(offset + length);
        }

        return changes;
    }
}

/// <summary>Reads the counts of a keyframe's lists, refusing any that the rest of the data could not hold.</summary>
internal static class KeyframeReaderExtensions
{
    public static int ReadCount(this BinaryReader reader, string what)
    {
        var count = reader.Read7BitEncodedInt();
        return count >= 0 && count <= reader.BaseStream.Length - reader.BaseStream.Position
            ? count
            : throw new FormatException($"Bad {what} count {count}.");
    }
}
