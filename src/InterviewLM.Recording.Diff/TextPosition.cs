namespace InterviewLM.Recording.Diff;

/// <summary>Represents a position in a text document as Monaco counts it: one-based line and one-based UTF-16 column.</summary>
/// <param name="LineNumber">The line, from 1.</param>
/// <param name="Column">The column, from 1; the column after the last character of the line is its length plus 1.</param>
public readonly record struct TextPosition(int LineNumber, int Column);
