namespace InterviewLM.Recording;

/// <summary>Identifies what a <see cref="LineDiffOperation"/> does.</summary>
public enum LineDiffKind
{
    /// <summary>Keep the next <see cref="LineDiffOperation.Count"/> lines.</summary>
    Keep = 0,

    /// <summary>Delete the next <see cref="LineDiffOperation.Count"/> lines.</summary>
    Delete = 1,

    /// <summary>Insert <see cref="LineDiffOperation.Lines"/>.</summary>
    Insert = 2,
}

/// <summary>Represents one step of a compact line diff: keep n, delete n, or insert lines.</summary>
/// <param name="Kind">The operation.</param>
/// <param name="Count">The number of lines kept or deleted; for inserts, the number of inserted lines.</param>
/// <param name="Lines">The inserted lines, each with its line terminator; empty for keep and delete.</param>
public sealed record LineDiffOperation(LineDiffKind Kind, int Count, EquatableArray<string> Lines)
{
    /// <summary>Creates a keep operation.</summary>
    /// <param name="count">The number of lines.</param>
    /// <returns>The operation.</returns>
    public static LineDiffOperation Keep(int count) => new(LineDiffKind.Keep, count, EquatableArray<string>.Empty);

    /// <summary>Creates a delete operation.</summary>
    /// <param name="count">The number of lines.</param>
    /// <returns>The operation.</returns>
    public static LineDiffOperation Delete(int count) => new(LineDiffKind.Delete, count, EquatableArray<string>.Empty);

    /// <summary>Creates an insert operation.</summary>
    /// <param name="lines">The lines, each with its terminator (the last may have none).</param>
    /// <returns>The operation.</returns>
    public static LineDiffOperation Insert(EquatableArray<string> lines) => new(LineDiffKind.Insert, lines.Count, lines);
}
