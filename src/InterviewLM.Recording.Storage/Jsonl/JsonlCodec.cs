using System.Buffers;
using System.Text.Json;

namespace InterviewLM.Recording.Storage.Jsonl;

/// <summary>Represents the streaming JSONL codec: one JSON record per line, in blocks that each open with a checked header line.</summary>
/// <remarks>
/// A block is <c>{"$block":N,"first":S,"count":C,"length":L,"crc32":"…"}</c> followed by <c>C</c> event lines
/// totalling <c>L</c> bytes; a keyframe block has count 0 and one <c>{"$keyframe":1,"t":µs,"state":"…"}</c> line. Any JSON Lines tool reads the file; a reader recovers every whole block before and after
/// a damaged one.
/// </remarks>
public sealed class JsonlCodec : IEventCodec
{
    [ThreadStatic]
    private static JsonlEventReader? t_reader;

    /// <summary>Gets the shared instance.</summary>
    public static JsonlCodec Instance { get; } = new();

    /// <inheritdoc/>
    public string Name => "jsonl";

    /// <inheritdoc/>
    public string FileName => "events.jsonl";

    /// <inheritdoc/>
    public bool IsMatch(ReadOnlySpan<byte> prefix) =>
        prefix.Length == 0 || JsonlBlockHeader.Prefix.StartsWith(prefix[..Math.Min(prefix.Length, JsonlBlockHeader.Prefix.Length)]);

    /// <inheritdoc/>
    public IEventBlockWriter CreateWriter(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return new Writer(destination);
    }

    /// <summary>Reads one line of JSON Lines as an event record, as <c>schemas/v1/event.schema.json</c> describes it, with <c>seq</c> optional.</summary>
    /// <param name="line">The line as UTF-8, without its terminator.</param>
    /// <returns>
    /// The event with its time and its sequence number (if the line has one); or <see langword="null"/> when the line's
    /// first property is <c>$block</c> or <c>$keyframe</c>: a block header or keyframe line, the framing of a stored events
    /// file rather than an event (such a line is not checked further).
    /// </returns>
    /// <exception cref="JsonException">
    /// The line is not one JSON object, lacks <c>t</c> or <c>type</c>, or lacks a field its type needs or holds one of the
    /// wrong type; the message says which.
    /// </exception>
    /// <remarks>
    /// <para>
    /// This is the reader the codec reads its own blocks with, for importing events written elsewhere (a host's log, a
    /// browser's) line by line. Fields may come in any order; unknown fields of known types are ignored; a type this
    /// version does not know is kept as an <see cref="UnknownEvent"/> holding the whole line, not refused. <c>t</c> is the
    /// time since session start in microseconds.
    /// </para>
    /// <para>
    /// It checks a line's form only. Whether the event fits the session (a known file, an edit inside its document, time
    /// that does not go backwards) is what <see cref="SessionRecorder.Record(SessionEvent, TimeSpan)"/> checks. Thread-safe.
    /// </para>
    /// </remarks>
    public static JsonlEventLine? ReadEvent(ReadOnlySpan<byte> line) => (t_reader ??= new JsonlEventReader()).ParseLine(line);

    /// <inheritdoc/>
    public IAsyncEnumerable<BlockReadResult> ReadAsync(Stream source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        return BlockFrameReader.ReadAsync(source, new FrameFormat(), cancellationToken);
    }

    /// <summary>A block is a header line and the event lines it counts; a frame starts with the header prefix at the start of a line.</summary>
    private sealed class FrameFormat : IBlockFrameFormat
    {
        private readonly JsonlBlockDecoder _decoder = new();

        public int FrameStartLength => JsonlBlockHeader.Prefix.Length;

        public int IndexOfFrameStart(ReadOnlySpan<byte> data)
        {
            // A header only counts at the start of a line.
            var prefix = JsonlBlockHeader.Prefix;
            for (var from = 0; ;)
            {
                var newline = data[from..].IndexOf((byte)'\n');
                if (newline < 0)
                {
                    return -1;
                }

                var lineStart = from + newline + 1;
                if (data.Length - lineStart < prefix.Length)
                {
                    return -1;
                }

                if (data[lineStart..].StartsWith(prefix))
                {
                    return lineStart;
                }

                from = lineStart;
            }
        }

        public BlockFrameResult ReadFrame(ReadOnlyMemory<byte> data, in BlockFrameContext context)
        {
            var span = data.Span;
            var prefix = JsonlBlockHeader.Prefix;
            if (!prefix.StartsWith(span[..Math.Min(span.Length, prefix.Length)]))
            {
                return BlockFrameResult.NotAFrame;
            }

            var lineEnd = span[..Math.Min(span.Length, JsonlBlockHeader.MaxLineLength)].IndexOf((byte)'\n');
            if (lineEnd < 0)
            {
                return span.Length < JsonlBlockHeader.MaxLineLength ? BlockFrameResult.Incomplete(span.Length + 1) : BlockFrameResult.NotAFrame;
            }

            if (!JsonlBlockHeader.TryParse(span[..lineEnd], out var header))
            {
                return BlockFrameResult.NotAFrame;
            }

            var headerLength = lineEnd + 1;
            var blockLength = (long)headerLength + header.Length;
            if (blockLength > span.Length)
            {
                return blockLength > int.MaxValue
                    ? BlockFrameResult.Damaged(BlockDamageKind.Malformed, $"its header says {header.Length} bytes follow, more than a block can hold", header.Index)
                    : BlockFrameResult.Incomplete((int)blockLength, header.Index);
            }

            var payload = span.Slice(headerLength, header.Length);
            var actual = header.ComputeChecksum(payload);
            if (actual != header.Crc32)
            {
                // The header may be what is damaged (its length), so resume at the next header line rather than trusting it.
                return BlockFrameResult.Damaged(BlockDamageKind.ChecksumMismatch, $"its CRC-32 is {actual:x8} but its header says {header.Crc32:x8}", header.Index);
            }

            var location = new BlockLocation(header.Index, context.Offset, blockLength, header.FirstSequence, TimeSpan.Zero, header.Count);
            return BlockFrameResult.Read((int)blockLength, _decoder.ParseBlock(payload, location));
        }
    }

    private sealed class Writer(Stream destination) : IEventBlockWriter
    {
        private readonly JsonlBlockEncoder _encoder = new();
        private readonly ArrayBufferWriter<byte> _block = new(64 * 1024);
        private long _offset = destination.CanSeek ? destination.Position : 0;
        private int _nextIndex;

        public async ValueTask<BlockLocation> WriteBlockAsync(ReadOnlyMemory<RecordedEvent> events, CancellationToken cancellationToken = default)
        {
            _block.ResetWrittenCount();
            _encoder.Encode(_nextIndex, events.Span, _block);
            var first = events.Span[0];
            var location = new BlockLocation(_nextIndex, _offset, _block.WrittenCount, first.Sequence, first.Time, events.Length);
            await destination.WriteAsync(_block.WrittenMemory, cancellationToken).ConfigureAwait(false);
            await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
            _offset += _block.WrittenCount;
            _nextIndex++;
            return location;
        }

        public async ValueTask<BlockLocation> WriteKeyframeAsync(long nextSequence, TimeSpan time, ReadOnlyMemory<byte> state, CancellationToken cancellationToken = default)
        {
            _block.ResetWrittenCount();
            _encoder.EncodeKeyframe(_nextIndex, nextSequence, time, state.Span, _block);
            var location = new BlockLocation(_nextIndex, _offset, _block.WrittenCount, nextSequence, time, 0) { Kind = BlockKind.Keyframe };
            await destination.WriteAsync(_block.WrittenMemory, cancellationToken).ConfigureAwait(false);
            await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
            _offset += _block.WrittenCount;
            _nextIndex++;
            return location;
        }

        public ValueTask CompleteAsync(CancellationToken cancellationToken = default) => new(destination.FlushAsync(cancellationToken));

        public ValueTask DisposeAsync()
        {
            _encoder.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
