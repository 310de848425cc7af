using System.Runtime.CompilerServices;

namespace InterviewLM.Recording.Diff;

/// <summary>Represents a mutable text document for replay: a gap buffer of UTF-16 code units with a lazily maintained line index.</summary>
/// <remarks>
/// <para>
/// Edits move the gap to the edit position and copy the inserted text into it, so typing-like edit sequences cost a
/// few nanoseconds each and never allocate once the buffer is big enough. The line index (the offset at which every
/// line starts) is only brought up to date when a line/column query needs it, and only from the lowest offset edited
/// since the last query, so edits near the end of a large file stay cheap to query.
/// </para>
/// <para>
/// A document made from a long text does not copy it until it must: the buffer first holds only a window around the
/// edits, between the untouched start and end of that text, so restoring a large file (a seek to a keyframe) costs no
/// copy and no large allocation. A query by line, or edits far apart, copy the whole text in once.
/// </para>
/// <para>
/// Line terminators are <c>\r\n</c>, <c>\n</c> and a lone <c>\r</c>, as Monaco counts them. Edits never split a
/// surrogate pair. Instances are not thread-safe.
/// </para>
/// </remarks>
public sealed class TextDocument
{
    private const int MinimumCapacity = 64;

    /// <summary>Texts at least this long are not copied into the buffer until needed.</summary>
    internal const int DeferredCopyThreshold = 1024;

    // The largest window before the whole text is copied in: 16 Ki UTF-16 units stay off the large object heap.
    private const int MaxWindow = 16 * 1024;

    private char[] _buffer;
    private int _gapStart;
    private int _gapEnd;

    // Line index: _lineStarts[0.._lineCount) is valid for every line start below _dirtyFrom.
    private int[] _lineStarts = new int[16];
    private int _lineCount = 1;
    private int _dirtyFrom = int.MaxValue;

    // While the copy is deferred, the text is _base[.._baseStart] + the buffer's content + _base[_baseEnd..].
    private string? _base;
    private int _baseStart;
    private int _baseEnd;

    /// <summary>Initializes a new instance of the <see cref="TextDocument"/> class holding <paramref name="text"/>.</summary>
    /// <param name="text">The initial content.</param>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    public TextDocument(string text = "")
    {
        ArgumentNullException.ThrowIfNull(text);
        _buffer = NewBuffer(text.Length >= DeferredCopyThreshold ? MinimumCapacity : CapacityFor(text.Length));
        SetText(text);
    }

    /// <summary>Gets the length of the document in UTF-16 code units.</summary>
    public int Length => BufferLength + (_base is null ? 0 : _baseStart + _base.Length - _baseEnd);

    /// <summary>Gets a value indicating whether part of the text is still read from the string the document was made from.</summary>
    internal bool IsCopyDeferred => _base is not null;

    private int BufferLength => _buffer.Length - (_gapEnd - _gapStart);

    /// <summary>Gets the number of lines (an empty document has one empty line; a final terminator starts a last, empty line).</summary>
    public int LineCount
    {
        get
        {
            EnsureLineIndex();
            return _lineCount;
        }
    }

    /// <summary>Gets the UTF-16 code unit at <paramref name="offset"/>.</summary>
    /// <param name="offset">The offset, from 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="offset"/> is not inside the document.</exception>
    public char this[int offset]
    {
        get
        {
            if ((uint)offset >= (uint)Length)
            {
                throw new ArgumentOutOfRangeException(nameof(offset), offset, $"The offset must be inside the document (length {Length}).");
            }

            return CharAt(offset);
        }
    }

    /// <summary>Replaces the whole content with <paramref name="text"/>, keeping the buffer when it is big enough; a large text that does not fit is not copied until needed.</summary>
    /// <param name="text">The new content.</param>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    public void SetText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        _lineCount = 1;
        _lineStarts[0] = 0;
        _dirtyFrom = 0;
        _baseStart = _baseEnd = 0;
        if (_buffer.Length < text.Length && text.Length >= DeferredCopyThreshold)
        {
            _base = text;
            _gapStart = 0;
            _gapEnd = _buffer.Length;
            return;
        }

        _base = null;
        if (_buffer.Length < text.Length)
        {
            _buffer = NewBuffer(CapacityFor(text.Length));
        }

        text.CopyTo(_buffer);
        _gapStart = text.Length;
        _gapEnd = _buffer.Length;
    }

    /// <summary>Inserts <paramref name="text"/> at <paramref name="offset"/>.</summary>
    /// <param name="offset">The UTF-16 offset, from 0 to <see cref="Length"/>.</param>
    /// <param name="text">The inserted text.</param>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="offset"/> is outside the document.</exception>
    /// <exception cref="ArgumentException">The offset falls inside a surrogate pair.</exception>
    public void Insert(int offset, string text) => Replace(offset, 0, text);

    /// <summary>Deletes <paramref name="length"/> UTF-16 code units at <paramref name="offset"/>.</summary>
    /// <param name="offset">The UTF-16 offset, from 0.</param>
    /// <param name="length">The number of code units.</param>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the document.</exception>
    /// <exception cref="ArgumentException">The range starts or ends inside a surrogate pair.</exception>
    public void Delete(int offset, int length) => Replace(offset, length, string.Empty);

    /// <summary>Replaces <paramref name="length"/> UTF-16 code units at <paramref name="offset"/> with <paramref name="text"/>.</summary>
    /// <param name="offset">The UTF-16 offset, from 0.</param>
    /// <param name="length">The number of replaced code units.</param>
    /// <param name="text">The inserted text.</param>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the document.</exception>
    /// <exception cref="ArgumentException">The range starts or ends inside a surrogate pair.</exception>
    public void Replace(int offset, int length, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (_base is not null)
        {
            offset = PrepareWindow(offset, length, text.Length);
        }

        // Hot path for replaying traces: locals instead of fields, one range check, surrogate checks only when a low surrogate is near.
        var buffer = _buffer;
        var gapStart = _gapStart;
        var gapEnd = _gapEnd;
        var documentLength = buffer.Length - gapEnd + gapStart;
        if ((uint)offset > (uint)documentLength || (uint)length > (uint)(documentLength - offset))
        {
            throw OutsideDocument(offset, length, documentLength);
        }

        if (offset < gapStart)
        {
            var count = gapStart - offset;
            gapEnd -= count;
            if (count == 1)
            {
                buffer[gapEnd] = buffer[offset];
            }
            else
            {
                Array.Copy(buffer, offset, buffer, gapEnd, count);
            }

            gapStart = offset;
        }
        else if (offset > gapStart)
        {
            var count = offset - gapStart;
            if (count == 1)
            {
                buffer[gapStart] = buffer[gapEnd];
            }
            else
            {
                Array.Copy(buffer, gapEnd, buffer, gapStart, count);
            }

            gapEnd += count;
            gapStart = offset;
        }

        // The range is buffer[gapEnd, rangeEnd); a pair is split when the unit at either boundary is a low surrogate after a high one.
        var rangeEnd = gapEnd + length;
        if ((rangeEnd < buffer.Length && char.IsLowSurrogate(buffer[rangeEnd])) || (gapEnd < buffer.Length && char.IsLowSurrogate(buffer[gapEnd])))
        {
            _gapStart = gapStart;
            _gapEnd = gapEnd;
            CheckNotInsideBufferPair(offset);
            CheckNotInsideBufferPair(offset + length);
        }

        gapEnd = rangeEnd;
        var textLength = text.Length;
        if (gapEnd - gapStart < textLength)
        {
            _gapStart = gapStart;
            _gapEnd = gapEnd;
            Grow(textLength);
            buffer = _buffer;
            gapEnd = _gapEnd;
        }

        if (textLength == 1)
        {
            buffer[gapStart] = text[0];
        }
        else if (textLength > 0)
        {
            text.CopyTo(buffer.AsSpan(gapStart, textLength));
        }

        _gapStart = gapStart + textLength;
        _gapEnd = gapEnd;
        if (offset < _dirtyFrom)
        {
            _dirtyFrom = offset;
        }
    }

    /// <summary>Applies one Monaco content change (its <see cref="TextChange.RangeOffset"/>, <see cref="TextChange.RangeLength"/> and <see cref="TextChange.Text"/>).</summary>
    /// <param name="change">The change.</param>
    /// <exception cref="ArgumentNullException"><paramref name="change"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The change is outside the document.</exception>
    /// <exception cref="ArgumentException">The change would split a surrogate pair.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply(TextChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        Replace(change.RangeOffset, change.RangeLength, change.Text);
    }

    /// <summary>Applies the changes of one Monaco content change event: all offsets refer to the document before the event, and they are applied from the highest offset to the lowest.</summary>
    /// <param name="changes">The changes; they must not overlap.</param>
    /// <remarks>Every change is checked before any is applied, so a rejected event leaves the document unchanged.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="changes"/> or one of them is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A change is outside the document.</exception>
    /// <exception cref="ArgumentException">Two changes overlap, or a change would split a surrogate pair.</exception>
    public void Apply(IReadOnlyList<TextChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 1)
        {
            Apply(changes[0]);
            return;
        }

        var ordered = new TextChange[changes.Count];
        for (var i = 0; i < ordered.Length; i++)
        {
            var change = changes[i] ?? throw new ArgumentNullException(nameof(changes), $"Change {i} is null.");
            ArgumentNullException.ThrowIfNull(change.Text, nameof(changes));
            CheckRange(change.RangeOffset, change.RangeLength);
            CheckNotInsidePair(change.RangeOffset);
            CheckNotInsidePair(change.RangeOffset + change.RangeLength);
            ordered[i] = change;
        }

        // Monaco sorts by range then event order and applies from the end, so of two insertions at one offset the later goes first.
        var sorted = ordered.Select(static (c, i) => (Change: c, Index: i))
            .OrderByDescending(static x => x.Change.RangeOffset).ThenByDescending(static x => x.Change.RangeLength).ThenByDescending(static x => x.Index)
            .Select(static x => x.Change).ToArray();
        for (var i = 1; i < sorted.Length; i++)
        {
            if (sorted[i].RangeOffset + sorted[i].RangeLength > sorted[i - 1].RangeOffset)
            {
                throw new ArgumentException($"Two changes overlap: [{sorted[i].RangeOffset}, {sorted[i].RangeOffset + sorted[i].RangeLength}) and [{sorted[i - 1].RangeOffset}, {sorted[i - 1].RangeOffset + sorted[i - 1].RangeLength}).", nameof(changes));
            }
        }

        foreach (var change in sorted)
        {
            Replace(change.RangeOffset, change.RangeLength, change.Text);
        }
    }

    /// <summary>Creates the <see cref="TextChange"/> that replaces <paramref name="range"/> with <paramref name="text"/>, with its offset and length computed from this document.</summary>
    /// <param name="range">The Monaco range.</param>
    /// <param name="text">The inserted text.</param>
    /// <returns>The change, carrying both the offsets and the range.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the document or is reversed.</exception>
    public TextChange CreateChange(TextRange range, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!range.IsValid)
        {
            throw new ArgumentOutOfRangeException(nameof(range), range, "The range must be positive and not reversed.");
        }

        var start = OffsetAt(range.StartLineNumber, range.StartColumn);
        var end = OffsetAt(range.EndLineNumber, range.EndColumn);
        return new TextChange(start, end - start, text, range);
    }

    /// <summary>Gets the UTF-16 offset of a one-based line and column (Monaco's <c>getOffsetAt</c>).</summary>
    /// <param name="lineNumber">The line, from 1 to <see cref="LineCount"/>.</param>
    /// <param name="column">The column, from 1 to the line's length without its terminator plus 1.</param>
    /// <returns>The offset.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The line or column is not in the document.</exception>
    public int OffsetAt(int lineNumber, int column)
    {
        EnsureLineIndex();
        if (lineNumber < 1 || lineNumber > _lineCount)
        {
            throw new ArgumentOutOfRangeException(nameof(lineNumber), lineNumber, $"The line must be from 1 to {_lineCount}.");
        }

        var start = _lineStarts[lineNumber - 1];
        var contentLength = LineContentEnd(lineNumber - 1) - start;
        if (column < 1 || column > contentLength + 1)
        {
            throw new ArgumentOutOfRangeException(nameof(column), column, $"Line {lineNumber} has {contentLength} characters, so the column must be from 1 to {contentLength + 1}.");
        }

        return start + column - 1;
    }

    /// <summary>Gets the one-based line and column of a UTF-16 offset (Monaco's <c>getPositionAt</c>); an offset between <c>\r</c> and <c>\n</c> maps to the end of its line.</summary>
    /// <param name="offset">The offset, from 0 to <see cref="Length"/>.</param>
    /// <returns>The position.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="offset"/> is outside the document.</exception>
    public TextPosition PositionAt(int offset)
    {
        if ((uint)offset > (uint)Length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"The offset must be from 0 to the document length {Length}.");
        }

        EnsureLineIndex();
        var index = Array.BinarySearch(_lineStarts, 0, _lineCount, offset);
        var line = index >= 0 ? index : ~index - 1;
        var column = Math.Min(offset, LineContentEnd(line)) - _lineStarts[line];
        return new TextPosition(line + 1, column + 1);
    }

    /// <summary>Gets the text of a line without its terminator.</summary>
    /// <param name="lineNumber">The line, from 1 to <see cref="LineCount"/>.</param>
    /// <returns>The line's content.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lineNumber"/> is not a line of the document.</exception>
    public string GetLineContent(int lineNumber)
    {
        EnsureLineIndex();
        if (lineNumber < 1 || lineNumber > _lineCount)
        {
            throw new ArgumentOutOfRangeException(nameof(lineNumber), lineNumber, $"The line must be from 1 to {_lineCount}.");
        }

        var start = _lineStarts[lineNumber - 1];
        return GetText(start, LineContentEnd(lineNumber - 1) - start);
    }

    /// <summary>Gets the whole content.</summary>
    /// <returns>The text.</returns>
    public string GetText() => _base is not null && BufferLength == 0 && _baseStart == _baseEnd ? _base : GetText(0, Length);

    /// <summary>Gets <paramref name="length"/> UTF-16 code units from <paramref name="offset"/>.</summary>
    /// <param name="offset">The offset.</param>
    /// <param name="length">The number of code units.</param>
    /// <returns>The text.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the document.</exception>
    public string GetText(int offset, int length)
    {
        CheckRange(offset, length);
        return string.Create(length, (this, offset), static (span, state) => state.Item1.CopyTo(state.Item2, span));
    }

    /// <summary>Copies <paramref name="destination"/>.Length code units starting at <paramref name="offset"/> into <paramref name="destination"/>.</summary>
    /// <param name="offset">The offset.</param>
    /// <param name="destination">The destination; its length is the number of code units copied.</param>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the document.</exception>
    public void CopyTo(int offset, Span<char> destination)
    {
        CheckRange(offset, destination.Length);
        if (_base is null)
        {
            CopyFromBuffer(offset, destination);
            return;
        }

        // The untouched start of the base text, the window, the untouched end.
        var written = 0;
        if (offset < _baseStart)
        {
            written = Math.Min(_baseStart - offset, destination.Length);
            _base.AsSpan(offset, written).CopyTo(destination);
        }

        var bufferLength = BufferLength;
        var inBuffer = offset + written - _baseStart;
        if (written < destination.Length && inBuffer < bufferLength)
        {
            var count = Math.Min(bufferLength - inBuffer, destination.Length - written);
            CopyFromBuffer(inBuffer, destination.Slice(written, count));
            written += count;
        }

        if (written < destination.Length)
        {
            _base.AsSpan(_baseEnd + (offset + written - _baseStart - bufferLength), destination.Length - written).CopyTo(destination[written..]);
        }
    }

    /// <summary>Compares the content with <paramref name="text"/> without building a string.</summary>
    /// <param name="text">The text to compare with.</param>
    /// <returns><see langword="true"/> when the content is exactly <paramref name="text"/>.</returns>
    public bool ContentEquals(ReadOnlySpan<char> text)
    {
        if (text.Length != Length)
        {
            return false;
        }

        if (_base is null)
        {
            return BufferEquals(text);
        }

        var end = _baseStart + BufferLength;
        return _base.AsSpan(0, _baseStart).SequenceEqual(text[.._baseStart]) && BufferEquals(text[_baseStart..end]) && _base.AsSpan(_baseEnd).SequenceEqual(text[end..]);
    }

    /// <summary>Gets the whole content.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => GetText();

    private bool BufferEquals(ReadOnlySpan<char> text)
        => _buffer.AsSpan(0, _gapStart).SequenceEqual(text[.._gapStart]) && _buffer.AsSpan(_gapEnd).SequenceEqual(text[_gapStart..]);

    private void CopyFromBuffer(int offset, Span<char> destination)
    {
        var length = destination.Length;
        var end = offset + length;
        if (end <= _gapStart)
        {
            _buffer.AsSpan(offset, length).CopyTo(destination);
        }
        else if (offset >= _gapStart)
        {
            _buffer.AsSpan(offset + _gapEnd - _gapStart, length).CopyTo(destination);
        }
        else
        {
            var first = _gapStart - offset;
            _buffer.AsSpan(offset, first).CopyTo(destination);
            _buffer.AsSpan(_gapEnd, length - first).CopyTo(destination[first..]);
        }
    }

    private char CharAt(int offset)
    {
        if (_base is null)
        {
            return BufferCharAt(offset);
        }

        if (offset < _baseStart)
        {
            return _base[offset];
        }

        var inBuffer = offset - _baseStart;
        var bufferLength = BufferLength;
        return inBuffer < bufferLength ? BufferCharAt(inBuffer) : _base[_baseEnd + inBuffer - bufferLength];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private char BufferCharAt(int offset) => offset < _gapStart ? _buffer[offset] : _buffer[offset + _gapEnd - _gapStart];

    // Makes the window cover [offset, offset + length) and returns where that is in the buffer, or copies the whole text
    // in (and returns offset unchanged) when the window would outgrow MaxWindow.
    private int PrepareWindow(int offset, int length, int insertedLength)
    {
        var documentLength = Length;
        if ((uint)offset > (uint)documentLength || (uint)length > (uint)(documentLength - offset))
        {
            throw OutsideDocument(offset, length, documentLength);
        }

        // Checked against the whole text: the buffer's own check cannot see past the window's edges.
        CheckNotInsidePair(offset);
        CheckNotInsidePair(offset + length);
        var bufferLength = BufferLength;
        if (bufferLength == 0 && _baseStart == _baseEnd)
        {
            // Nothing inserted or removed yet: an empty window moves for free.
            _baseStart = _baseEnd = offset;
        }

        var pullLeft = Math.Max(0, _baseStart - offset);
        var pullRight = Math.Max(0, offset + length - (_baseStart + bufferLength));
        if (bufferLength + pullLeft + pullRight - length + insertedLength > MaxWindow)
        {
            CopyBaseIn();
            return offset;
        }

        if (pullLeft > 0)
        {
            InsertIntoBuffer(0, _base.AsSpan(offset, pullLeft));
            _baseStart = offset;
        }

        if (pullRight > 0)
        {
            InsertIntoBuffer(BufferLength, _base.AsSpan(_baseEnd, pullRight));
            _baseEnd += pullRight;
        }

        return offset - _baseStart;
    }

    private void InsertIntoBuffer(int offset, ReadOnlySpan<char> text)
    {
        if (offset < _gapStart)
        {
            var count = _gapStart - offset;
            Array.Copy(_buffer, offset, _buffer, _gapEnd - count, count);
            _gapEnd -= count;
            _gapStart = offset;
        }
        else if (offset > _gapStart)
        {
            var count = offset - _gapStart;
            Array.Copy(_buffer, _gapEnd, _buffer, _gapStart, count);
            _gapEnd += count;
            _gapStart = offset;
        }

        if (_gapEnd - _gapStart < text.Length)
        {
            Grow(text.Length);
        }

        text.CopyTo(_buffer.AsSpan(_gapStart));
        _gapStart += text.Length;
    }

    // Ends the deferred copy: the whole text in one buffer, its gap where the window's gap was.
    private void CopyBaseIn()
    {
        var source = _base!;
        var length = Length;
        var gapAt = _baseStart + _gapStart;
        var capacity = CapacityFor(length);
        var buffer = NewBuffer(capacity);
        source.AsSpan(0, _baseStart).CopyTo(buffer);
        _buffer.AsSpan(0, _gapStart).CopyTo(buffer.AsSpan(_baseStart));
        var tailStart = capacity - (length - gapAt);
        var bufferTail = _buffer.Length - _gapEnd;
        _buffer.AsSpan(_gapEnd).CopyTo(buffer.AsSpan(tailStart));
        source.AsSpan(_baseEnd).CopyTo(buffer.AsSpan(tailStart + bufferTail));
        _buffer = buffer;
        _gapStart = gapAt;
        _gapEnd = tailStart;
        _base = null;
        _baseStart = _baseEnd = 0;
        _lineCount = 1;
        _dirtyFrom = 0;
    }

    private static ArgumentOutOfRangeException OutsideDocument(int offset, int length, int documentLength)
        => new(nameof(offset), $"The edit range [{offset}, {(long)offset + length}) is outside the document, whose length is {documentLength} UTF-16 code units.");

    private void CheckRange(int offset, int length)
    {
        var documentLength = Length;
        if (offset < 0 || length < 0 || (long)offset + length > documentLength)
        {
            throw OutsideDocument(offset, length, documentLength);
        }
    }

    private void CheckNotInsidePair(int offset)
    {
        if (offset > 0 && offset < Length && char.IsHighSurrogate(CharAt(offset - 1)) && char.IsLowSurrogate(CharAt(offset)))
        {
            throw SplitsPair(offset);
        }
    }

    private void CheckNotInsideBufferPair(int offset)
    {
        if (offset > 0 && offset < BufferLength && char.IsHighSurrogate(BufferCharAt(offset - 1)) && char.IsLowSurrogate(BufferCharAt(offset)))
        {
            throw SplitsPair(offset);
        }
    }

    private static ArgumentException SplitsPair(int offset)
        => new($"The edit would split the surrogate pair at UTF-16 offsets {offset - 1} and {offset}; edits must start and end on code point boundaries.", nameof(offset));

    // A quarter of the text as gap: room to type without a copy, while restoring a 100 KB file in a seek allocates
    // 250 KB instead of twice that. Growing doubles.
    private static int CapacityFor(int length) => Math.Max(MinimumCapacity, length + Math.Max(MinimumCapacity, length / 4));

    // The gap is never read, so the buffer need not be zeroed first (half the cost of restoring a large file).
    private static char[] NewBuffer(int capacity) => GC.AllocateUninitializedArray<char>(capacity);

    private void Grow(int needed)
    {
        var tail = _buffer.Length - _gapEnd;
        var capacity = Math.Max(_buffer.Length * 2, _gapStart + tail + needed + MinimumCapacity);
        var grown = NewBuffer(capacity);
        _buffer.AsSpan(0, _gapStart).CopyTo(grown);
        _buffer.AsSpan(_gapEnd).CopyTo(grown.AsSpan(capacity - tail));
        _buffer = grown;
        _gapEnd = capacity - tail;
    }

    private void EnsureLineIndex()
    {
        if (_base is not null)
        {
            CopyBaseIn();
        }

        if (_dirtyFrom == int.MaxValue)
        {
            return;
        }

        // Line starts strictly below the first edited offset are unchanged (their terminators end before it).
        var keep = Array.BinarySearch(_lineStarts, 0, _lineCount, _dirtyFrom);
        keep = keep >= 0 ? keep : ~keep;
        keep = Math.Max(keep, 1);
        _lineCount = keep;
        var position = _lineStarts[keep - 1];
        var length = Length;
        while (true)
        {
            var lineBreak = IndexOfLineBreak(position);
            if (lineBreak < 0)
            {
                break;
            }

            position = lineBreak + 1;
            if (CharAt(lineBreak) == '\r' && position < length && CharAt(position) == '\n')
            {
                position++;
            }

            if (_lineCount == _lineStarts.Length)
            {
                Array.Resize(ref _lineStarts, _lineStarts.Length * 2);
            }

            _lineStarts[_lineCount++] = position;
        }

        _dirtyFrom = int.MaxValue;
    }

    private int IndexOfLineBreak(int from)
    {
        if (from < _gapStart)
        {
            var found = _buffer.AsSpan(from, _gapStart - from).IndexOfAny('\r', '\n');
            if (found >= 0)
            {
                return from + found;
            }

            from = _gapStart;
        }

        var gapLength = _gapEnd - _gapStart;
        var after = _buffer.AsSpan(from + gapLength).IndexOfAny('\r', '\n');
        return after < 0 ? -1 : from + after;
    }

    private int LineContentEnd(int lineIndex)
    {
        if (lineIndex + 1 >= _lineCount)
        {
            return Length;
        }

        var next = _lineStarts[lineIndex + 1];
        return next >= 2 && CharAt(next - 1) == '\n' && CharAt(next - 2) == '\r' ? next - 2 : next - 1;
    }
}
