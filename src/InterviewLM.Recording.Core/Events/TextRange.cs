namespace InterviewLM.Recording;

/// <summary>Represents a Monaco-style range: one-based line numbers and one-based UTF-16 columns, end exclusive.</summary>
/// <param name="StartLineNumber">The first line, from 1.</param>
/// <param name="StartColumn">The first column, from 1.</param>
/// <param name="EndLineNumber">The last line, from 1.</param>
/// <param name="EndColumn">The column after the range, from 1.</param>
public readonly record struct TextRange(int StartLineNumber, int StartColumn, int EndLineNumber, int EndColumn)
{
    /// <summary>Gets a value indicating whether the range is well formed: positive and not reversed.</summary>
    public bool IsValid =>
        StartLineNumber >= 1 && StartColumn >= 1 && EndLineNumber >= 1 && EndColumn >= 1 &&
        (EndLineNumber > StartLineNumber || (EndLineNumber == StartLineNumber && EndColumn >= StartColumn));
}
