using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using Google.Protobuf;
using InterviewLM.Recording.Storage.Protobuf.Schema;

namespace InterviewLM.Recording.Storage.Protobuf;

/// <summary>The byte layout of an <c>events.ilmb</c> file; see docs/archive-format.md.</summary>
internal static class ArchiveFrames
{
    /// <summary>The file magic: a non-ASCII byte, "ILMB", CR LF and SUB, like PNG's, so text tools and line-ending damage show.</summary>
    public static ReadOnlySpan<byte> Magic => [0x89, (byte)'I', (byte)'L', (byte)'M', (byte)'B', 0x0D, 0x0A, 0x1A];

    /// <summary>Starts every block frame.</summary>
    public static ReadOnlySpan<byte> BlockMarker => [0xB7, (byte)'B', (byte)'L', (byte)'K'];

    /// <summary>Starts every keyframe frame (minor version 1).</summary>
    public static ReadOnlySpan<byte> KeyframeMarker => [0xB7, (byte)'K', (byte)'E', (byte)'Y'];

    /// <summary>Starts the footer frame.</summary>
    public static ReadOnlySpan<byte> FooterMarker => [0xB7, (byte)'F', (byte)'T', (byte)'R'];

    /// <summary>Ends the file after the footer offset.</summary>
    public static ReadOnlySpan<byte> EndMagic => [(byte)'I', (byte)'L', (byte)'M', (byte)'B', (byte)'E', (byte)'N', (byte)'D', 0x1A];

    public const int FormatVersion = 1;

    /// <summary>The block payload layout this writer uses; readers know 1 and 2.</summary>
    public const int BlockEncoding = 2;

    /// <summary>Blocks whose raw columns and text are at most this long are also tried as one Brotli stream, and the smaller kept.</summary>
    public const int SingleStreamTrialLength = 16 * 1024;

    /// <summary>The compatible additions this writer uses and this reader knows: 1 = keyframe frames.</summary>
    public const int MinorVersion = 1;
    public const int MarkerLength = 4;
    public const int PrefixLength = MarkerLength + 4;
    public const int ChecksumLength = 4;
    public const int TrailerLength = 16;
    public const int MaxHeaderLength = 64 * 1024;
    public const int MaxFooterLength = 256 * 1024 * 1024;
    public const int MaxRawLength = 1024 * 1024 * 1024;

    /// <summary>Writes the magic and the file header.</summary>
    public static void WriteFileHeader(IBufferWriter<byte> output)
    {
        output.Write(Magic);
        var header = new FileHeader { FormatVersion = FormatVersion, BlockEncoding = BlockEncoding, MinorVersion = MinorVersion };
        WriteLengthAndChecksummed(output, header);
    }

    /// <summary>Writes one block frame: marker, header length, header, header CRC-32, compressed payload.</summary>
    public static BlockLocation WriteBlock(IBufferWriter<byte> output, ArrayBufferWriter<byte> scratch, ReadOnlySpan<RecordedEvent> events, int index, long offset, int quality, int window)
    {
        var columns = ColumnBlockCodec.Encode(events);
        var editText = columns.EditText;
        var outputData = columns.OutputData;
        columns.EditText = ByteString.Empty;
        columns.OutputData = ByteString.Empty;
        columns.EditTextBytes = (uint)editText.Length;
        columns.OutputDataBytes = (uint)outputData.Length;
        columns.TextStream = true;
        scratch.ResetWrittenCount();
        columns.WriteTo(scratch);
        var numbersLength = scratch.WrittenCount;
        scratch.Write(editText.Span);
        scratch.Write(outputData.Span);
        var raw = scratch.WrittenSpan;
        var compressed = new byte[BrotliEncoder.GetMaxCompressedLength(numbersLength) + BrotliEncoder.GetMaxCompressedLength(raw.Length - numbersLength) + 16];
        var numbersCompressed = Compress(raw[..numbersLength], compressed, quality, window);
        var textCompressed = Compress(raw[numbersLength..], compressed.AsSpan(numbersCompressed), quality, window);
        var payloadLength = numbersCompressed + textCompressed;
        if (raw.Length <= SingleStreamTrialLength)
        {
            // Small blocks: two Brotli streams cost two stream headers and two cold starts; one may be smaller.
            var single = new byte[BrotliEncoder.GetMaxCompressedLength(raw.Length) + 16];
            var singleLength = Compress(raw, single, quality, window);
            if (singleLength < payloadLength)
            {
                (compressed, payloadLength, numbersCompressed) = (single, singleLength, 0);
            }
        }

        compressed = compressed[..payloadLength];

        var first = events[0];
        var header = new BlockHeader
        {
            Index = (uint)index,
            FirstSequence = first.Sequence,
            FirstTimeTicks = first.Time.Ticks,
            EventCount = (uint)events.Length,
            RawLength = (uint)raw.Length,
            PayloadLength = (uint)compressed.Length,
            PayloadChecksum = XxHash3.HashToUInt64(compressed),
            NumbersRawLength = (uint)numbersLength,
            NumbersCompressedLength = (uint)numbersCompressed,
        };
        output.Write(BlockMarker);
        var headerLength = WriteLengthAndChecksummed(output, header);
        output.Write(compressed);
        var length = PrefixLength + headerLength + ChecksumLength + compressed.Length;
        return new BlockLocation(index, offset, length, first.Sequence, first.Time, events.Length);
    }

    /// <summary>Writes one keyframe frame: marker, header length, header (kind 1), header CRC-32, Brotli-compressed state.</summary>
    public static BlockLocation WriteKeyframe(IBufferWriter<byte> output, ReadOnlySpan<byte> state, int index, long offset, long nextSequence, TimeSpan time, int quality, int window)
    {
        if (state.Length > MaxRawLength)
        {
            throw new ArgumentException($"A keyframe holds at most {MaxRawLength} bytes.", nameof(state));
        }

        var compressed = new byte[BrotliEncoder.GetMaxCompressedLength(state.Length) + 16];
        compressed = compressed[..Compress(state, compressed, quality, window)];
        var header = new BlockHeader
        {
            Index = (uint)index,
            FirstSequence = nextSequence,
            FirstTimeTicks = time.Ticks,
            RawLength = (uint)state.Length,
            PayloadLength = (uint)compressed.Length,
            PayloadChecksum = XxHash3.HashToUInt64(compressed),
            Kind = (uint)BlockKind.Keyframe,
        };
        output.Write(KeyframeMarker);
        var headerLength = WriteLengthAndChecksummed(output, header);
        output.Write(compressed);
        var length = PrefixLength + headerLength + ChecksumLength + compressed.Length;
        return new BlockLocation(index, offset, length, nextSequence, time, 0) { Kind = BlockKind.Keyframe };
    }

    /// <summary>Decompresses a verified keyframe payload.</summary>
    public static byte[] DecodeKeyframePayload(ReadOnlySpan<byte> payload, BlockHeader header)
    {
        if (header.RawLength > MaxRawLength)
        {
            throw new InvalidDataException($"its raw length ({header.RawLength}) is impossible");
        }

        if (header.EventCount != 0)
        {
            throw new InvalidDataException($"a keyframe holds no events, yet its header counts {header.EventCount}");
        }

        var state = new byte[header.RawLength];
        if (!BrotliDecoder.TryDecompress(payload, state, out var written) || written != state.Length)
        {
            throw new InvalidDataException("its Brotli payload does not decompress to its raw length");
        }

        return state;
    }

    private static int Compress(ReadOnlySpan<byte> source, Span<byte> destination, int quality, int window)
    {
        // A window larger than the input finds nothing more but costs the encoder its setup (measured: 4× slower on 4,096-event blocks).
        var fitted = Math.Clamp(64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)Math.Max(source.Length, 1)) + 1, 10, window);
        using var encoder = new BrotliEncoder(quality, fitted);
        var status = encoder.Compress(source, destination, out _, out var written, isFinalBlock: true);
        return status == OperationStatus.Done ? written : throw new InvalidOperationException($"Brotli compression stopped with {status}.");
    }

    /// <summary>Writes the footer frame and the trailer (footer offset and end magic).</summary>
    public static void WriteFooter(IBufferWriter<byte> output, IReadOnlyList<BlockLocation> blocks, long footerOffset)
    {
        var footer = new Footer();
        long events = 0;
        foreach (var b in blocks)
        {
            var entry = new BlockIndexEntry
            {
                Index = (uint)b.Index,
                Offset = (ulong)b.Offset,
                Length = (ulong)b.Length,
                FirstSequence = b.FirstSequence,
                FirstTimeTicks = b.FirstTime.Ticks,
                EventCount = (uint)b.EventCount,
                Kind = (uint)b.Kind,
            };
            (b.Kind == BlockKind.Keyframe ? footer.Keyframes : footer.Blocks).Add(entry);
            events += b.EventCount;
        }

        footer.EventCount = (ulong)events;
        output.Write(FooterMarker);
        WriteLengthAndChecksummed(output, footer);
        var trailer = output.GetSpan(TrailerLength);
        BinaryPrimitives.WriteInt64LittleEndian(trailer, footerOffset);
        EndMagic.CopyTo(trailer[8..]);
        output.Advance(TrailerLength);
    }

    /// <summary>The CRC-32 of a frame's length field and header bytes.</summary>
    public static uint HeaderChecksum(ReadOnlySpan<byte> lengthAndHeader) => Crc32.HashToUInt32(lengthAndHeader);

    public static bool StartsWithPrefixOf(ReadOnlySpan<byte> data, ReadOnlySpan<byte> pattern) =>
        data.Length < pattern.Length ? pattern.StartsWith(data) : data.StartsWith(pattern);

    /// <summary>Decompresses and decodes a verified payload.</summary>
    public static IReadOnlyList<RecordedEvent> DecodePayload(ReadOnlySpan<byte> payload, BlockHeader header, BlockDecodeBuffers buffers)
    {
        if (header.RawLength > MaxRawLength)
        {
            throw new InvalidDataException($"its raw length ({header.RawLength}) is impossible");
        }

        var rawLength = (int)header.RawLength;
        if (buffers.Raw.Length < rawLength)
        {
            buffers.Raw = new byte[Math.Max(rawLength, buffers.Raw.Length * 2)];
        }

        var buffer = buffers.Raw;
        long numbersLength, numbersCompressed;
        var prefix = 0;
        if (header.NumbersRawLength != 0)
        {
            // Block encoding 2: the stream lengths are in the header; numbers_compressed_length 0 = one stream.
            (numbersLength, numbersCompressed) = (header.NumbersRawLength, header.NumbersCompressedLength);
        }
        else
        {
            if (payload.Length < 8)
            {
                throw new InvalidDataException("its payload is too short");
            }

            (numbersLength, numbersCompressed, prefix) = (BinaryPrimitives.ReadInt32LittleEndian(payload), BinaryPrimitives.ReadInt32LittleEndian(payload[4..]), 8);
            if (numbersCompressed == 0)
            {
                throw new InvalidDataException("its payload's stream lengths are impossible");
            }
        }

        if (numbersLength <= 0 || numbersLength > rawLength || numbersCompressed < 0 || numbersCompressed > payload.Length - prefix)
        {
            throw new InvalidDataException("its payload's stream lengths are impossible");
        }

        var streamsOk = numbersCompressed == 0
            ? BrotliDecoder.TryDecompress(payload, buffer.AsSpan(0, rawLength), out var written) && written == rawLength
            : BrotliDecoder.TryDecompress(payload.Slice(prefix, (int)numbersCompressed), buffer.AsSpan(0, (int)numbersLength), out written) && written == numbersLength &&
              BrotliDecoder.TryDecompress(payload[(prefix + (int)numbersCompressed)..], buffer.AsSpan((int)numbersLength, rawLength - (int)numbersLength), out written) && written == rawLength - numbersLength;
        if (!streamsOk)
        {
            throw new InvalidDataException("its Brotli payload does not decompress to its raw length");
        }

        var textStart = (int)numbersLength;
        var columns = buffers.ParseColumns(buffer.AsSpan(0, textStart));
        ReadOnlySpan<byte> editText, outputData;
        if (columns.TextStream)
        {
            if ((long)columns.EditTextBytes + columns.OutputDataBytes != rawLength - textStart)
            {
                throw new InvalidDataException("its text stream's length does not match its columns");
            }

            editText = buffer.AsSpan(textStart, (int)columns.EditTextBytes);
            outputData = buffer.AsSpan(textStart + (int)columns.EditTextBytes, (int)columns.OutputDataBytes);
        }
        else
        {
            editText = columns.EditText.Span;
            outputData = columns.OutputData.Span;
        }

        return ColumnBlockCodec.Decode(columns, editText, outputData, header.FirstSequence, header.FirstTimeTicks, checked((int)header.EventCount), buffers);
    }

    private static int WriteLengthAndChecksummed(IBufferWriter<byte> output, IMessage message)
    {
        var length = message.CalculateSize();
        var span = output.GetSpan(4 + length + ChecksumLength);
        BinaryPrimitives.WriteInt32LittleEndian(span, length);
        message.WriteTo(span.Slice(4, length));
        BinaryPrimitives.WriteUInt32LittleEndian(span[(4 + length)..], HeaderChecksum(span[..(4 + length)]));
        output.Advance(4 + length + ChecksumLength);
        return length;
    }
}
