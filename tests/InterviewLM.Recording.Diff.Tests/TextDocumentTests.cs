using FsCheck.Xunit;

namespace InterviewLM.Recording.Diff.Tests;

public sealed class TextDocumentTests
{
    [Fact]
    public void Replace_InsertDeleteReplace_ProducesExpectedText()
    {
        var document = new TextDocument("hello world");
        document.Insert(5, ",");
        document.Delete(0, 1);
        document.Replace(0, 4, "J");
        Assert.Equal("J, world", document.GetText());
        Assert.Equal(8, document.Length);
    }

    [Fact]
    public void Replace_GrowsBeyondInitialCapacity_KeepsContent()
    {
        var document = new TextDocument();
        var expected = new System.Text.StringBuilder();
        for (var i = 0; i < 1000; i++)
        {
            document.Insert(document.Length / 2, "ab");
            expected.Insert(expected.Length / 2, "ab");
        }

        Assert.Equal(expected.ToString(), document.GetText());
    }

    [Theory]
    [InlineData(-1, 0)]
    [InlineData(4, 0)]
    [InlineData(2, 2)]
    [InlineData(0, -1)]
    public void Replace_OutsideDocument_ThrowsArgumentOutOfRange(int offset, int length)
    {
        var document = new TextDocument("abc");
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => document.Replace(offset, length, "x"));
        Assert.Contains("outside the document", error.Message);
        Assert.Equal("abc", document.GetText());
    }

    [Theory]
    [InlineData(2, 0)]
    [InlineData(2, 1)]
    [InlineData(0, 2)]
    [InlineData(1, 1)]
    public void Replace_InsideSurrogatePair_ThrowsAndLeavesDocumentUnchanged(int offset, int length)
    {
        const string text = "a\U0001F600b";
        var document = new TextDocument(text);
        var error = Assert.Throws<ArgumentException>(() => document.Replace(offset, length, "x"));
        Assert.Contains("surrogate pair", error.Message);
        Assert.Equal(text, document.GetText());
    }

    [Fact]
    public void Replace_WholeSurrogatePair_Succeeds()
    {
        var document = new TextDocument("a\U0001F600b");
        document.Replace(1, 2, "\U0001F601");
        Assert.Equal("a\U0001F601b", document.GetText());
        document.Delete(1, 2);
        Assert.Equal("ab", document.GetText());
    }

    [Fact]
    public void Apply_SeveralChanges_UsesPreEventOffsets()
    {
        // Two cursors typing at offsets 0 and 4 of "abcdefgh", as Monaco reports a multi-cursor edit.
        var document = new TextDocument("abcdefgh");
        document.Apply([new TextChange(0, 1, "X"), new TextChange(4, 2, "YY Z")]);
        Assert.Equal("XbcdYY Zgh", document.GetText());
    }

    [Fact]
    public void Apply_InsertionsAtSameOffset_KeepEventOrder()
    {
        var document = new TextDocument("ab");
        document.Apply([new TextChange(1, 0, "1"), new TextChange(1, 0, "2")]);
        Assert.Equal("a12b", document.GetText());
    }

    [Fact]
    public void Apply_OverlappingChanges_ThrowsAndLeavesDocumentUnchanged()
    {
        var document = new TextDocument("abcdef");
        Assert.Throws<ArgumentException>(() => document.Apply([new TextChange(0, 3, "X"), new TextChange(2, 1, "Y")]));
        Assert.Throws<ArgumentOutOfRangeException>(() => document.Apply([new TextChange(0, 1, "X"), new TextChange(5, 2, "Y")]));
        Assert.Equal("abcdef", document.GetText());
    }

    [Fact]
    public void PositionAt_MixedLineEndings_MatchesMonaco()
    {
        var document = new TextDocument("ab\r\ncd\nef\rg");
        Assert.Equal(4, document.LineCount);
        Assert.Equal(new TextPosition(1, 1), document.PositionAt(0));
        Assert.Equal(new TextPosition(1, 3), document.PositionAt(2));
        Assert.Equal(new TextPosition(1, 3), document.PositionAt(3));
        Assert.Equal(new TextPosition(2, 1), document.PositionAt(4));
        Assert.Equal(new TextPosition(3, 1), document.PositionAt(7));
        Assert.Equal(new TextPosition(4, 2), document.PositionAt(11));
        Assert.Equal("cd", document.GetLineContent(2));
        Assert.Equal(4, document.OffsetAt(2, 1));
        Assert.Equal(10, document.OffsetAt(4, 1));
    }

    [Fact]
    public void OffsetAt_ColumnPastLineEnd_ThrowsArgumentOutOfRange()
    {
        var document = new TextDocument("ab\ncd");
        Assert.Throws<ArgumentOutOfRangeException>(() => document.OffsetAt(1, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => document.OffsetAt(3, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => document.PositionAt(6));
    }

    [Fact]
    public void CreateChange_Range_ComputesOffsets()
    {
        var document = new TextDocument("line1\r\nline2\r\n");
        var change = document.CreateChange(new TextRange(1, 5, 2, 2), "X");
        Assert.Equal(4, change.RangeOffset);
        Assert.Equal(4, change.RangeLength);
        document.Apply(change);
        Assert.Equal("lineXine2\r\n", document.GetText());
    }

    [Fact]
    public void LineIndex_CrLfFormedAndBrokenByEdits_StaysCorrect()
    {
        var document = new TextDocument("a\rb");
        Assert.Equal(2, document.LineCount);
        document.Replace(2, 1, "\n");
        Assert.Equal(2, document.LineCount);
        Assert.Equal(new TextPosition(2, 1), document.PositionAt(3));
        document.Insert(2, "x");
        Assert.Equal(3, document.LineCount);
        Assert.Equal("x", document.GetLineContent(2));
    }

    [Fact]
    public void LineIndex_LargeFile_AnswersAfterEditsNearTheEnd()
    {
        var text = string.Concat(Enumerable.Range(0, 100_000).Select(i => $"line {i}\n"));
        var document = new TextDocument(text);
        Assert.Equal(100_001, document.LineCount);
        for (var i = 0; i < 1000; i++)
        {
            document.Insert(document.Length, "z\n");
            Assert.Equal(new TextPosition(100_001 + i + 1, 1), document.PositionAt(document.Length));
        }

        Assert.Equal(text.IndexOf("line 54321\n", StringComparison.Ordinal), document.OffsetAt(54_322, 1));
    }

    [Property(MaxTest = 300)]
    public void Replace_RandomEditSequence_EqualsNaiveString(byte[] initial, int[] edits)
    {
        var expected = TestText.From(initial);
        var document = new TextDocument(expected);
        edits ??= [];
        for (var i = 0; i + 2 < edits.Length; i += 3)
        {
            var offset = TestText.Snap(expected, (int)((uint)edits[i] % (expected.Length + 1)));
            var length = TestText.Snap(expected, offset + (int)((uint)edits[i + 1] % (expected.Length - offset + 1))) - offset;
            length = Math.Max(0, length);
            var insert = TestText.From(BitConverter.GetBytes(edits[i + 2])[..((int)((uint)edits[i + 2] % 4))]);
            document.Replace(offset, length, insert);
            expected = string.Concat(expected.AsSpan(0, offset), insert, expected.AsSpan(offset + length));
            Assert.Equal(expected.Length, document.Length);
        }

        Assert.Equal(expected, document.GetText());
        Assert.True(document.ContentEquals(expected));
        Assert.Equal(expected.Split(["\r\n", "\n", "\r"], StringSplitOptions.None).Length, document.LineCount);
    }

    [Property(MaxTest = 200)]
    public void Replace_LargeTextWithDeferredCopy_EqualsNaiveStringAfterEveryEdit(byte[] seed, int randomSeed, byte editCount)
    {
        // Long enough not to be copied in at once; cursor-like edits, far jumps, large pastes and deletions, reads of every kind.
        var random = new Random(randomSeed);
        var unit = TestText.From(seed is { Length: > 0 } ? seed : [0, 5, 9]);
        var expected = string.Concat(Enumerable.Repeat(unit, 1 + ((TextDocument.DeferredCopyThreshold + random.Next(40_000)) / unit.Length)));
        var document = new TextDocument(expected);
        Assert.True(document.IsCopyDeferred);
        var cursor = random.Next(expected.Length + 1);
        for (var i = 0; i < editCount; i++)
        {
            cursor = random.Next(16) == 0 ? random.Next(expected.Length + 1) : Math.Clamp(cursor + random.Next(-40, 40), 0, expected.Length);
            var offset = TestText.Snap(expected, cursor);
            var length = random.Next(4) switch
            {
                0 => 0,
                1 => 1,
                2 => random.Next(300),
                _ => random.Next(20) == 0 ? random.Next(30_000) : 0,
            };
            length = Math.Max(0, TestText.Snap(expected, Math.Min(expected.Length, offset + length)) - offset);
            var insert = random.Next(30) == 0
                ? string.Concat(Enumerable.Repeat(unit, random.Next(1, 3_000 / unit.Length)))
                : TestText.From([.. Enumerable.Range(0, random.Next(4)).Select(_ => (byte)random.Next(256))]);
            document.Replace(offset, length, insert);
            expected = string.Concat(expected.AsSpan(0, offset), insert, expected.AsSpan(offset + length));
            Assert.Equal(expected.Length, document.Length);
            var probe = random.Next(expected.Length + 1);
            var span = random.Next(Math.Min(expected.Length - probe, 20_000) + 1);
            Assert.Equal(expected.Substring(probe, span), document.GetText(probe, span));
            if (probe < expected.Length)
            {
                Assert.Equal(expected[probe], document[probe]);
            }

            if (random.Next(100) == 0)
            {
                Assert.Equal(expected.Split(["\r\n", "\n", "\r"], StringSplitOptions.None).Length, document.LineCount);
            }
        }

        Assert.True(document.ContentEquals(expected));
        Assert.False(document.ContentEquals(expected + "x"));
        Assert.Equal(expected, document.GetText());
        Assert.Equal(expected.Split(["\r\n", "\n", "\r"], StringSplitOptions.None).Length, document.LineCount);
        Assert.False(document.IsCopyDeferred);
    }

    [Fact]
    public void Replace_DeferredCopyInsideSurrogatePairAtWindowEdge_ThrowsAndLeavesDocumentUnchanged()
    {
        var text = new string('a', 2000) + "\U0001F600" + new string('b', 2000);
        var document = new TextDocument(text);
        document.Insert(1990, "x"); // the window now ends before the pair
        var expected = text.Insert(1990, "x");
        Assert.Throws<ArgumentException>(() => document.Replace(2002, 1, "y"));
        Assert.Throws<ArgumentException>(() => document.Replace(1995, 7, "y"));
        Assert.Throws<ArgumentOutOfRangeException>(() => document.Replace(expected.Length, 1, "y"));
        Assert.Equal(expected, document.GetText());
        Assert.True(document.IsCopyDeferred);
    }

    [Fact]
    public void SetText_LargerThanTheBuffer_DefersTheCopyAndKeepsEditing()
    {
        var document = new TextDocument("short");
        var text = string.Concat(Enumerable.Repeat("line\n", 2000));
        document.SetText(text);
        Assert.True(document.IsCopyDeferred);
        document.Replace(5000, 5, "edited\n");
        Assert.Equal(string.Concat(text.AsSpan(0, 5000), "edited\n", text.AsSpan(5005)), document.GetText());
        Assert.Equal(2001, document.LineCount);

        document.SetText("fits");
        Assert.False(document.IsCopyDeferred);
        Assert.Equal("fits", document.GetText());
    }

    [Fact]
    public void GetText_DeferredCopyUntouched_ReturnsTheSameString()
    {
        var text = new string('q', 5000);
        var document = new TextDocument(text);
        Assert.Same(text, document.GetText());
        document.Insert(10, "x");
        document.Delete(10, 1);
        Assert.Equal(text, document.GetText());
        Assert.Equal(1, document.LineCount);
        Assert.False(document.IsCopyDeferred);
    }

    [Property(MaxTest = 300)]
    public void Apply_RandomMultiCursorEvent_EqualsNaiveDescendingApplication(byte[] initial, int[] cuts, byte[] inserts)
    {
        var text = TestText.From(initial);
        var document = new TextDocument(text);

        // Sorted cut points, snapped to code point boundaries, paired into non-overlapping ranges.
        var points = (cuts ?? []).Select(c => TestText.Snap(text, (int)((uint)c % (text.Length + 1)))).Order().ToList();
        var changes = new List<TextChange>();
        for (var i = 0; i + 1 < points.Count; i += 2)
        {
            var insert = TestText.From(inserts is { Length: > 0 } ? [inserts[i % inserts.Length]] : []);
            changes.Add(new TextChange(points[i], points[i + 1] - points[i], insert));
        }

        if (changes.Count == 0)
        {
            return;
        }

        // Monaco reports changes in any order; shuffle deterministically.
        var shuffled = changes.OrderBy(c => (c.RangeOffset * 7919) % 13).ToList();
        document.Apply(shuffled);
        var expected = text;
        // Monaco's rule: sort by range, then by position in the event, and apply from the last.
        var order = shuffled.Select((c, i) => (c, i)).OrderBy(x => x.c.RangeOffset).ThenBy(x => x.c.RangeLength).ThenBy(x => x.i).Reverse();
        foreach (var (change, _) in order)
        {
            expected = string.Concat(expected.AsSpan(0, change.RangeOffset), change.Text, expected.AsSpan(change.RangeOffset + change.RangeLength));
        }

        Assert.Equal(expected, document.GetText());
    }

    [Property(MaxTest = 200)]
    public void PositionAt_InterleavedWithEdits_MatchesNaiveCount(byte[] initial, int[] edits)
    {
        var text = TestText.From(initial);
        var document = new TextDocument(text);
        foreach (var edit in edits ?? [])
        {
            var offset = TestText.Snap(text, (int)((uint)edit % (text.Length + 1)));
            var insert = TestText.From(BitConverter.GetBytes(edit)[..((edit >> 8) & 3)]);
            var length = (edit & 1) == 0 ? 0 : Math.Max(0, TestText.Snap(text, Math.Min(text.Length, offset + 1)) - offset);
            document.Replace(offset, length, insert);
            text = string.Concat(text.AsSpan(0, offset), insert, text.AsSpan(offset + length));
            var probe = (int)((uint)(edit * 31) % (text.Length + 1));
            var before = text[..probe];
            var line = before.Split(["\r\n", "\n", "\r"], StringSplitOptions.None);
            var insideCrLf = probe > 0 && probe < text.Length && text[probe - 1] == '\r' && text[probe] == '\n';
            var expected = insideCrLf ? new TextPosition(line.Length - 1, line[^2].Length + 1) : new TextPosition(line.Length, line[^1].Length + 1);
            Assert.Equal(expected, document.PositionAt(probe));
        }
    }

    [Property(MaxTest = 300)]
    public void PositionAt_OffsetAt_RoundTrip(byte[] codes, int edit)
    {
        var text = TestText.From(codes);
        var document = new TextDocument(text);

        // Edit once so the index is rebuilt incrementally, not from scratch.
        var at = TestText.Snap(text, (int)((uint)edit % (text.Length + 1)));
        document.Insert(at, "\n");
        text = text.Insert(at, "\n");
        var lines = text.Split(["\r\n", "\n", "\r"], StringSplitOptions.None);
        Assert.Equal(lines.Length, document.LineCount);
        for (var offset = 0; offset <= text.Length; offset++)
        {
            var position = document.PositionAt(offset);
            var insideCrLf = offset > 0 && offset < text.Length && text[offset - 1] == '\r' && text[offset] == '\n';
            if (!insideCrLf)
            {
                Assert.Equal(offset, document.OffsetAt(position.LineNumber, position.Column));
            }

            Assert.InRange(position.Column, 1, lines[position.LineNumber - 1].Length + 1);
        }

        for (var line = 1; line <= lines.Length; line++)
        {
            Assert.Equal(lines[line - 1], document.GetLineContent(line));
        }
    }
}
