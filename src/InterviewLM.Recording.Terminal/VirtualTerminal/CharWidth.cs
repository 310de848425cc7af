namespace InterviewLM.Recording.Terminal;

/// <summary>Unicode 11 character widths as xterm.js's Unicode 11 provider (and glibc's <c>wcwidth</c>) count them.</summary>
internal static partial class CharWidth
{
    private static readonly byte[] s_bmp = BuildBmpTable();

    /// <summary>Gets the number of cells <paramref name="codePoint"/> occupies: 0 (combining), 1 or 2.</summary>
    public static int Of(int codePoint)
    {
        if (codePoint < 32)
        {
            return 0;
        }

        if (codePoint < 127)
        {
            return 1;
        }

        if (codePoint < 65536)
        {
            return s_bmp[codePoint];
        }

        if (InRanges(codePoint, HighCombining))
        {
            return 0;
        }

        return InRanges(codePoint, HighWide) ? 2 : 1;
    }

    private static byte[] BuildBmpTable()
    {
        var table = new byte[65536];
        table.AsSpan().Fill(1);
        table.AsSpan(0, 32).Clear();
        table.AsSpan(0x7f, 0xa0 - 0x7f).Clear();
        Fill(table, BmpCombining, 0);
        Fill(table, BmpWide, 2);
        return table;
    }

    private static void Fill(byte[] table, ReadOnlySpan<int> ranges, byte value)
    {
        for (var i = 0; i < ranges.Length; i += 2)
        {
            table.AsSpan(ranges[i], ranges[i + 1] - ranges[i] + 1).Fill(value);
        }
    }

    private static bool InRanges(int codePoint, ReadOnlySpan<int> ranges)
    {
        int low = 0, high = (ranges.Length / 2) - 1;
        if (codePoint < ranges[0] || codePoint > ranges[^1])
        {
            return false;
        }

        while (high >= low)
        {
            var mid = (low + high) >> 1;
            if (codePoint > ranges[(mid * 2) + 1])
            {
                low = mid + 1;
            }
            else if (codePoint < ranges[mid * 2])
            {
                high = mid - 1;
            }
            else
            {
                return true;
            }
        }

        return false;
    }
}
