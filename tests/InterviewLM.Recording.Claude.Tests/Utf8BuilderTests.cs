using System.Text;
using FsCheck;
using FsCheck.Xunit;
using InterviewLM.Recording.Claude.Internal;

namespace InterviewLM.Recording.Claude.Tests;

public sealed class Utf8BuilderTests
{
    [Property(MaxTest = 100)]
    public bool Append_AnyPiecesAcrossChunks_ToStringIsTheConcatenation(NonNull<string>[] pieces, PositiveInt repeat)
    {
        var expected = new StringBuilder();
        var builder = new Utf8Builder();
        var bytes = true;
        // Multi-byte characters (é, 😀) make pieces straddle the 16 KiB chunk boundaries.
        var all = pieces.Select(p => p.Get).Append("é😀").Where(p => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(p)) == p).ToList();
        for (var i = 0; i < (repeat.Get % 3000) + 1; i++)
        {
            foreach (var piece in all)
            {
                expected.Append(piece);
                if (bytes)
                {
                    builder.Append(Encoding.UTF8.GetBytes(piece));
                }
                else
                {
                    builder.Append(piece.AsSpan());
                }

                bytes = !bytes;
            }
        }

        return builder.ToString() == expected.ToString() && builder.Length == Encoding.UTF8.GetByteCount(expected.ToString());
    }

    [Property(MaxTest = 200)]
    public bool Append_BytesCutAnywhere_ToStringIsTheConcatenation(NonNull<string>[] pieces, PositiveInt[] cuts, PositiveInt repeat)
    {
        // Cutting the UTF-8 bytes anywhere splits multi-byte sequences (and so surrogate pairs) across appends and 16 KiB chunks,
        // as network reads do; pieces that happen to be ASCII are flagged so, as the SSE reader flags them.
        var unit = string.Concat(pieces.Select(p => p.Get).Where(RoundTrips)) + "aé😀z";
        var text = Repeat(unit, (40_000 / Encoding.UTF8.GetByteCount(unit)) + 1 + (repeat.Get % 200)); // several chunks
        var bytes = Encoding.UTF8.GetBytes(text);
        var builder = new Utf8Builder();
        var offset = 0;
        var i = 0;
        while (offset < bytes.Length)
        {
            var cut = cuts.Length == 0 ? 7 : cuts[i++ % cuts.Length].Get;
            var piece = bytes.AsSpan(offset, Math.Min(bytes.Length - offset, i % 5 == 0 ? cut % 40_000 : (cut % 13) + 1));
            builder.Append(piece, isAscii: Ascii.IsValid(piece));
            offset += piece.Length;
        }

        return builder.ToString() == text && builder.Length == bytes.Length;
    }

    [Property(MaxTest = 100)]
    public bool Append_OnlyAsciiAcrossChunks_ToStringIsTheConcatenation(NonNull<string>[] pieces, PositiveInt repeat)
    {
        var ascii = pieces.Select(p => new string(p.Get.Where(char.IsAscii).ToArray())).Append("x").ToList();
        var builder = new Utf8Builder();
        var expected = new StringBuilder();
        var length = (3 * 16 * 1024) + (repeat.Get % 16_384); // several chunks, the last one filled to any length
        while (expected.Length < length)
        {
            foreach (var piece in ascii)
            {
                builder.Append(Encoding.ASCII.GetBytes(piece), isAscii: true);
                expected.Append(piece);
            }
        }

        var first = builder.ToString();
        builder.Release();
        builder.Append("é"u8);
        return first == expected.ToString() && builder.ToString() == "é"; // Release resets the ASCII flag too
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void ToString_FourByteCharacterAcrossTheChunkBoundary_DecodesItOnce(int bytesBeforeBoundary)
    {
        // The count once treated the continuation bytes after the boundary as invalid characters: 3 + 1 threw, 1 + 3 left a NUL.
        var text = new string('a', (16 * 1024) - bytesBeforeBoundary) + "😀z";
        var builder = new Utf8Builder();
        builder.Append(Encoding.UTF8.GetBytes(text));

        Assert.Equal(text, builder.ToString());
    }

    private static bool RoundTrips(string text) => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text)) == text;

    private static string Repeat(string text, int count) => new StringBuilder(text.Length * count).Insert(0, text, count).ToString();
}
