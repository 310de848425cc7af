using System.Buffers;
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

    /// <summary>Rebuilds the events of a block; throws <see cref="InvalidDataException"/> when the columns disagree.</summary>
    public static RecordedEvent[] Decode(ColumnBlock block, long firstSequence, long firstTimeTicks, int eventCount)
    {
        var count = block.Kinds.Count;
        if (count != eventCount || block.TimeDeltas.Count != count || (block.SequenceGaps.Count != 0 && block.SequenceGaps.Count != count))
        {
            throw new InvalidDataException("the block's columns do not agree on the number of events");
        }

        var unit = block.TimeUnitTicks == 0 ? 1L : block.TimeUnitTicks;
        var editText = block.EditText.Length == 0 ? string.Empty : Utf8.GetString(block.EditText.Span);
        var outputData = block.OutputData.Span;
        var events = new RecordedEvent[count];
        var cursors = new Dictionary<int, int>();
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
        for (var i = 0; i < count; i++)
        {
            time = checked(time + (block.TimeDeltas[i] * unit));
            sequence = checked(sequence + 1 + (block.SequenceGaps.Count == 0 ? 0 : block.SequenceGaps[i]));
            if (i == 0 && sequence != firstSequence)
            {
                throw new InvalidDataException("the block's first sequence does not match its header");
            }

            SessionEvent payload;
            switch ((EventKind)block.Kinds[i])
            {
                case EventKind.TextEdited:
                {
                    var fileIndex = (int)block.EditFile[edit];
                    var fileId = strings[fileIndex];
                    var changeCount = (int)block.EditChangeCount[edit];
                    var hashIndex = block.EditBaseHash[edit];
                    edit++;
                    if (changeCount > block.EditShape.Count - change)
                    {
                        throw new InvalidDataException("the block has fewer changes than its edits claim");
                    }

                    cursors.TryGetValue(fileIndex, out var cursor);
                    var changes = new InterviewLM.Recording.TextChange[changeCount];
                    for (var c = 0; c < changeCount; c++, change++)
                    {
                        int delta, deleted, inserted;
                        switch (block.EditShape[change])
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
                                throw new InvalidDataException($"unknown change shape {block.EditShape[change]}");
                        }

                        var offset = checked(cursor + delta);
                        var changeText = inserted == 0 ? string.Empty : editText.Substring(textAt, inserted);
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
                    payload = new TextEdited(fileId, changes, hashIndex == 0 ? null : strings[checked((int)hashIndex - 1)]);
                    break;
                }

                case EventKind.TerminalOutput:
                {
                    var length = (int)block.OutputLength[output++];
                    payload = new TerminalOutput(Utf8.GetString(outputData.Slice(outputAt, length)));
                    outputAt += length;
                    break;
                }

                case EventKind.Other:
                    payload = EventMessages.FromMessage(block.Others[other++]);
                    break;
                default:
                    throw new InvalidDataException($"unknown event kind {block.Kinds[i]}");
            }

            events[i] = new RecordedEvent(sequence, TimeSpan.FromTicks(time), payload);
        }

        return events;
    }
}
