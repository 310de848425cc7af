using System.Text;
using FsCheck.Xunit;

namespace InterviewLM.Recording.Terminal.Tests;

public sealed class Utf8ChunkDecoderTests
{
    [Property(MaxTest = 300)]
    public bool Decode_AnySplitOfValidText_ReassemblesExactly(string? text, byte[] cuts)
    {
        var valid = AsciicastWriterTests.ValidText(text) + "é€🍺";
        var bytes = Encoding.UTF8.GetBytes(valid);
        var decoder = new Utf8ChunkDecoder();
        var result = new StringBuilder();
        var position = 0;
        foreach (var cut in cuts)
        {
            var length = Math.Min(cut % 5, bytes.Length - position);
            result.Append(decoder.Decode(bytes.AsSpan(position, length)));
            position += length;
        }

        result.Append(decoder.Decode(bytes.AsSpan(position)));
        result.Append(decoder.Flush());
        return result.ToString() == valid;
    }

    [Fact]
    public void Decode_SplitEuroSign_NothingUntilComplete()
    {
        var decoder = new Utf8ChunkDecoder();

        Assert.Equal("a", decoder.Decode([(byte)'a', 0xE2]));
        Assert.Equal(string.Empty, decoder.Decode([0x82]));
        Assert.Equal("€b", decoder.Decode([0xAC, (byte)'b']));
    }

    [Fact]
    public void Flush_IncompleteCharacter_ReplacementCharacter()
    {
        var decoder = new Utf8ChunkDecoder();

        Assert.Equal("x", decoder.Decode([(byte)'x', 0xF0, 0x9F]));
        Assert.Equal("\uFFFD", decoder.Flush());
    }

    [Fact]
    public void Decode_LargeChunk_GrowsBuffer()
    {
        var text = new string('ż', 10_000);

        Assert.Equal(text, new Utf8ChunkDecoder().Decode(Encoding.UTF8.GetBytes(text)));
    }
}
