namespace InterviewLM.Recording.Terminal;

/// <summary>Validates terminal sizes (the kernel stores them as 16-bit values).</summary>
internal static class PtySize
{
    public static void Validate(int columns, int rows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(columns, ushort.MaxValue);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rows, ushort.MaxValue);
    }
}
