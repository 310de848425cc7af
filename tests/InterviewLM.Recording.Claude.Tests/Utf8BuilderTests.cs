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
}
