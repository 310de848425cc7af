using System.Buffers;
using System.Runtime.InteropServices;
using Google.Protobuf;
using System.Text;
using InterviewLM.Recording.Storage.Protobuf.Schema;

namespace InterviewLM.Recording.Storage.Protobuf;

/// <summary>Turns a block of events into columns (<see cref="ColumnBlock"/>) and back.</summary>
/// <remarks>
/// Text edits and terminal output, which make up nearly every event of a real session, get columns of their own:
/// positions become small deltas from the previous edit in the same file, and all text lands in one UTF-8 column,
/// which Brotli compresses far better than text interleaved with numbers. Other events are stored whole.
/// Every block stands alone: no state crosses a block boundary, so any block decodes by itself.
/// </remarks>
internal static class ColumnBlockCodec
{
    private const uint ShapeExplicit = 0;
    private const uint ShapeTyped = 1;
    private const uint ShapeBackspace = 2;
    private const uint ShapeDelete = 3;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static ColumnBlock Encode(ReadOnlySpan<RecordedEvent> events)
    {
        var block = new ColumnBlock();
        var firstTime = events[0].Time.Ticks;
        // The unit is the largest that divides every time step: microseconds for live recordings, often milliseconds
        // for imported traces, whose steps then cost one varint byte instead of three.
        var unit = 0L;
        var previous = firstTime;
        foreach (var e in events)
        {
            unit = Gcd(unit, Math.Abs(e.Time.Ticks - previous));
            previous = e.Time.Ticks;
        }

        if (unit is <= 0 or > uint.MaxValue)
        {
            unit = 1;
        }

        block.TimeUnitTicks = (uint)unit;
        var strings = new Dictionary<string, int>(StringComparer.Ordinal);
        var cursors = new Dictionary<string, int>(StringComparer.Ordinal);
        var text = new ArrayBufferWriter<byte>(4096);
        var output = new ArrayBufferWriter<byte>(4096);
        var previousTime = firstTime;
        var previousSequence = events[0].Sequence - 1;
        var anyGap = false;
        var gaps = new List<long>();
        var anyRange = false;
        var previousRangeLine = 0;
        foreach (var recorded in events)
        {
            block.TimeDeltas.Add((recorded.Time.Ticks - previousTime) / unit);
            previousTime = recorded.Time.Ticks;
            var gap = recorded.Sequence - (previousSequence + 1);
            anyGap |= gap != 0;
            gaps.Add(gap);
            previousSequence = recorded.Sequence;
            switch (recorded.Event)
            {
                case TextEdited edit:
                    block.Kinds.Add((uint)EventKind.TextEdited);
                    block.EditFile.Add((uint)Intern(edit.FileId));
                    block.EditChangeCount.Add((uint)edit.Changes.Count);
                    block.EditBaseHash.Add(edit.BaseHash is null ? 0u : (uint)Intern(edit.BaseHash) + 1);
                    cursors.TryGetValue(edit.FileId, out var cursor);
                    foreach (var change in edit.Changes)
                    {
                        var shape = Shape(change.RangeOffset - cursor, change.RangeLength, change.Text.Length);
                        block.EditShape.Add(shape);
                        if (shape == ShapeExplicit)
                        {
                            block.EditPosition.Add(change.RangeOffset - cursor);
                            block.EditDeleted.Add((uint)change.RangeLength);
                            block.EditInserted.Add((uint)change.Text.Length);
                        }

                        Utf8.GetBytes(change.Text, text);
                        cursor = change.RangeOffset + change.Text.Length;
                        if (change.Range is { } range)
                        {
                            if (!anyRange)
                            {
                                anyRange = true;
                                block.EditHasRange.AddRange(Enumerable.Repeat(0u, block.EditShape.Count - 1));
                            }

                            block.EditHasRange.Add(1);
                            block.EditRange.Add(range.StartLineNumber - previousRangeLine);
                            block.EditRange.Add(range.StartColumn);
                            block.EditRange.Add(range.EndLineNumber - range.StartLineNumber);
                            block.EditRange.Add(range.EndColumn);
                            previousRangeLine = range.StartLineNumber;
                        }
                        else if (anyRange)
                        {
                            block.EditHasRange.Add(0);
                        }
                    }

                    cursors[edit.FileId] = cursor;
                    break;
                case TerminalOutput terminal:
                    block.Kinds.Add((uint)EventKind.TerminalOutput);
                    block.OutputLength.Add((uint)Utf8.GetBytes(terminal.Data, output));
                    break;
                default:
                    block.Kinds.Add((uint)EventKind.Other);
                    block.Others.Add(EventMessages.ToMessage(recorded.Event));
                    break;
            }
        }

        if (anyGap)
        {
            block.SequenceGaps.AddRange(gaps);
        }

        block.EditText = Google.Protobuf.UnsafeByteOperations.UnsafeWrap(text.WrittenMemory);
        block.OutputData = Google.Protobuf.UnsafeByteOperations.UnsafeWrap(output.WrittenMemory);
        return block;

        int Intern(string value)
        {
            if (!strings.TryGetValue(value, out var index))
            {
                index = strings.Count;
                strings.Add(value, index);
                block.Strings.Add(value);
            }

            return index;
        }
    }

    private static long Gcd(long a, long b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }

    private static uint Shape(int delta, int deleted, int inserted) => (delta, deleted, inserted) switch
    {
        (0, 0, 1) => ShapeTyped,
        (-1, 1, 0) => ShapeBackspace,
        (0, 1, 0) => ShapeDelete,
        _ => ShapeExplicit,
    };

    /// <summary>Rebuilds the events of a block whose text columns are in the message; throws <see cref="InvalidDataException"/> when the columns disagree.</summary>
    public static IReadOnlyList<RecordedEvent> Decode(ColumnBlock block, long firstSequence, long firstTimeTicks, int eventCount) =>
        Decode(block, block.EditText.Span, block.OutputData.Span, firstSequence, firstTimeTicks, eventCount, new BlockDecodeBuffers());

    /// <summary>Rebuilds the events of a block; throws <see cref="InvalidDataException"/> when the columns disagree.</summary>
    /// <remarks>
    /// Allocates only what the events are made of (the event, its payload, a change array and change per edit, strings
    /// that are not one ASCII character) and the result array; the text and every column are read in place or from
    /// <paramref name="buffers"/>, so a large block leaves no large garbage behind (measured: 65,536-event blocks went from
    /// ~100 ms to the 4,096-event blocks' speed per event on automerge-paper; see ArchiveCodecBenchmarks). A block of more
    /// than <see cref="SegmentedEventList.SegmentLength"/> events comes back in segments below the large object heap's
    /// threshold: one 512 KiB array per 65,536-event block counted against the LOH budget and set off a full collection
    /// nearly every block.
    /// </remarks>
    public static IReadOnlyList<RecordedEvent> Decode(ColumnBlock block, ReadOnlySpan<byte> editTextBytes, ReadOnlySpan<byte> outputData, long firstSequence, long firstTimeTicks, int eventCount, BlockDecodeBuffers buffers)
    {
        var count = block.Kinds.Count;
        if (count != eventCount || block.TimeDeltas.Count != count || (block.SequenceGaps.Count != 0 && block.SequenceGaps.Count != count))
        {
            throw new InvalidDataException("the block's columns do not agree on the number of events");
        }

        var unit = block.TimeUnitTicks == 0 ? 1L : block.TimeUnitTicks;
        var editText = buffers.DecodeText(editTextBytes);
        var segments = SegmentedEventList.Allocate(count);
        var cursors = buffers.CursorsFor(block.Strings.Count);
        int edit = 0, change = 0, explicitAt = 0, textAt = 0, output = 0, outputAt = 0, other = 0, range = 0;
        var previousRangeLine = 0;
        var hasRanges = block.EditHasRange.Count != 0;
        if ((hasRanges && block.EditHasRange.Count != block.EditShape.Count) || block.EditPosition.Count != block.EditDeleted.Count || block.EditPosition.Count != block.EditInserted.Count)
        {
            throw new InvalidDataException("the block's range flags do not match its changes");
        }

        var time = firstTimeTicks;
        var sequence = firstSequence - 1;
        var strings = block.Strings;
        var kinds = block.Kinds;
        var timeDeltas = block.TimeDeltas;
        var gaps = block.SequenceGaps.Count == 0 ? null : block.SequenceGaps;
        var shapes = block.EditShape;
        for (var i = 0; i < count; i++)
        {
            time = checked(time + (timeDeltas[i] * unit));
            sequence = checked(sequence + 1 + (gaps is null ? 0 : gaps[i]));
            if (i == 0 && sequence != firstSequence)
            {
                throw new InvalidDataException("the block's first sequence does not match its header");
            }

            SessionEvent payload;
            switch ((EventKind)kinds[i])
            {
                case EventKind.TextEdited:
                {
                    var fileIndex = (int)block.EditFile[edit];
                    var fileId = strings[fileIndex];
                    var changeCount = (int)block.EditChangeCount[edit];
                    var hashIndex = block.EditBaseHash[edit];
                    edit++;
                    if (changeCount > shapes.Count - change)
                    {
                        throw new InvalidDataException("the block has fewer changes than its edits claim");
                    }

                    var cursor = cursors[fileIndex];
                    var changes = new InterviewLM.Recording.TextChange[changeCount];
                    for (var c = 0; c < changeCount; c++, change++)
                    {
                        int delta, deleted, inserted;
                        switch (shapes[change])
                        {
                            case ShapeTyped:
                                (delta, deleted, inserted) = (0, 0, 1);
                                break;
                            case ShapeBackspace:
                                (delta, deleted, inserted) = (-1, 1, 0);
                                break;
                            case ShapeDelete:
                                (delta, deleted, inserted) = (0, 1, 0);
                                break;
                            case ShapeExplicit:
                                (delta, deleted, inserted) = (block.EditPosition[explicitAt], checked((int)block.EditDeleted[explicitAt]), checked((int)block.EditInserted[explicitAt]));
                                explicitAt++;
                                break;
                            default:
                                throw new InvalidDataException($"unknown change shape {shapes[change]}");
                        }

                        var offset = checked(cursor + delta);
                        if (inserted < 0 || inserted > editText.Length - textAt)
                        {
                            throw new InvalidDataException("the block's inserted text is shorter than its changes claim");
                        }

                        var changeText = Text(editText.Slice(textAt, inserted));
                        textAt += inserted;
                        InterviewLM.Recording.TextRange? textRange = null;
                        if (hasRanges && block.EditHasRange[change] != 0)
                        {
                            var startLine = checked(previousRangeLine + block.EditRange[range]);
                            textRange = new InterviewLM.Recording.TextRange(startLine, block.EditRange[range + 1], checked(startLine + block.EditRange[range + 2]), block.EditRange[range + 3]);
                            previousRangeLine = startLine;
                            range += 4;
                        }

                        changes[c] = new InterviewLM.Recording.TextChange(offset, deleted, changeText, textRange);
                        cursor = offset + inserted;
                    }

                    cursors[fileIndex] = cursor;
                    payload = new TextEdited(fileId, new EquatableArray<InterviewLM.Recording.TextChange>(ImmutableCollectionsMarshal.AsImmutableArray(changes)), hashIndex == 0 ? null : strings[checked((int)hashIndex - 1)]);
                    break;
                }

                case EventKind.TerminalOutput:
                {
                    var length = (int)block.OutputLength[output++];
                    if (length < 0 || length > outputData.Length - outputAt)
                    {
                        throw new InvalidDataException("the block's terminal output is shorter than its lengths claim");
                    }

                    payload = new TerminalOutput(Utf8.GetString(outputData.Slice(outputAt, length)));
                    outputAt += length;
                    break;
                }

                case EventKind.Other:
                    payload = EventMessages.FromMessage(block.Others[other++]);
                    break;
                default:
                    throw new InvalidDataException($"unknown event kind {kinds[i]}");
            }

            segments[i >> SegmentedEventList.SegmentShift][i & (SegmentedEventList.SegmentLength - 1)] = new RecordedEvent(sequence, TimeSpan.FromTicks(time), payload);
        }

        return segments.Length == 1 ? segments[0] : new SegmentedEventList(segments, count);
    }

    /// <summary>The strings of one ASCII character, which most typed changes insert, shared rather than allocated per change.</summary>
    private static readonly string[] AsciiStrings = [.. Enumerable.Range(0, 128).Select(c => ((char)c).ToString())];

    private static string Text(ReadOnlySpan<char> text) => text.Length switch
    {
        0 => string.Empty,
        1 when text[0] < 128 => AsciiStrings[text[0]],
        _ => new string(text),
    };
}

/// <summary>The scratch space one reader reuses from block to block, so decoding a large block allocates nothing but its events.</summary>
internal sealed class BlockDecodeBuffers
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>One set kept between readers, so reading file after file does not grow large buffers again for each.</summary>
    private static BlockDecodeBuffers? s_spare;

    private char[] _chars = [];
    private int[] _cursors = [];

    /// <summary>Takes the spare set, or a new one when another reader holds it.</summary>
    public static BlockDecodeBuffers Rent() => Interlocked.Exchange(ref s_spare, null) ?? new BlockDecodeBuffers();

    /// <summary>Gives a set back for the next reader (dropping what it refers to of the last block).</summary>
    public static void Return(BlockDecodeBuffers buffers)
    {
        buffers.Columns.Others.Clear();
        buffers.Columns.Strings.Clear();
        Volatile.Write(ref s_spare, buffers);
    }

    /// <summary>Gets or sets the decompressed payload.</summary>
    public byte[] Raw { get; set; } = [];

    /// <summary>Gets the numbers columns, cleared and parsed again for each block (its repeated fields keep their capacity).</summary>
    public ColumnBlock Columns { get; } = new();

    /// <summary>Gets the per-file cursors (by string table index), all zero.</summary>
    public Span<int> CursorsFor(int files)
    {
        if (_cursors.Length < files)
        {
            _cursors = new int[Math.Max(files, _cursors.Length * 2)];
        }

        var cursors = _cursors.AsSpan(0, files);
        cursors.Clear();
        return cursors;
    }

    /// <summary>Decodes the block's UTF-8 edit text into the reused character buffer.</summary>
    public ReadOnlySpan<char> DecodeText(ReadOnlySpan<byte> utf8)
    {
        var needed = Utf8.GetMaxCharCount(utf8.Length);
        if (_chars.Length < needed)
        {
            _chars = new char[Math.Max(needed, _chars.Length * 2)];
        }

        return _chars.AsSpan(0, Utf8.GetChars(utf8, _chars));
    }

    /// <summary>Parses <paramref name="data"/> into <see cref="Columns"/>, resetting every field first.</summary>
    public ColumnBlock ParseColumns(ReadOnlySpan<byte> data)
    {
        var c = Columns;
        c.Kinds.Clear();
        c.TimeDeltas.Clear();
        c.TimeUnitTicks = 0;
        c.SequenceGaps.Clear();
        c.Strings.Clear();
        c.EditFile.Clear();
        c.EditChangeCount.Clear();
        c.EditBaseHash.Clear();
        c.EditPosition.Clear();
        c.EditDeleted.Clear();
        c.EditInserted.Clear();
        c.EditText = Google.Protobuf.ByteString.Empty;
        c.EditHasRange.Clear();
        c.EditRange.Clear();
        c.OutputLength.Clear();
        c.OutputData = Google.Protobuf.ByteString.Empty;
        c.Others.Clear();
        c.EditShape.Clear();
        c.EditTextBytes = 0;
        c.OutputDataBytes = 0;
        c.TextStream = false;
        c.MergeFrom(data);
        return c;
    }
}

/// <summary>A block's events in arrays of at most <see cref="SegmentLength"/>, each small enough to stay off the large object heap.</summary>
internal sealed class SegmentedEventList(RecordedEvent[][] segments, int count) : IReadOnlyList<RecordedEvent>
{
    /// <summary>The log2 of <see cref="SegmentLength"/>.</summary>
    public const int SegmentShift = 13;

    /// <summary>The events per segment: 8,192 references are 64 KiB, under the 85,000-byte LOH threshold.</summary>
    public const int SegmentLength = 1 << SegmentShift;

    /// <inheritdoc/>
    public int Count => count;

    /// <inheritdoc/>
    public RecordedEvent this[int index] =>
        (uint)index < (uint)count ? segments[index >> SegmentShift][index & (SegmentLength - 1)] : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>Allocates the segments for <paramref name="count"/> events (one exact array when they fit in one).</summary>
    public static RecordedEvent[][] Allocate(int count)
    {
        if (count <= SegmentLength)
        {
            return [new RecordedEvent[count]];
        }

        var segments = new RecordedEvent[(count + SegmentLength - 1) >> SegmentShift][];
        for (var i = 0; i < segments.Length; i++)
        {
            segments[i] = new RecordedEvent[Math.Min(SegmentLength, count - (i << SegmentShift))];
        }

        return segments;
    }

    /// <inheritdoc/>
    public IEnumerator<RecordedEvent> GetEnumerator()
    {
        foreach (var segment in segments)
        {
            foreach (var recorded in segment)
            {
                yield return recorded;
            }
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
