namespace InterviewLM.Recording.Terminal;

/// <summary>The exception thrown when an asciicast file is malformed; it names the first bad line.</summary>
public sealed class AsciicastFormatException : FormatException
{
    /// <summary>Initializes a new instance of the <see cref="AsciicastFormatException"/> class.</summary>
    public AsciicastFormatException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AsciicastFormatException"/> class.</summary>
    /// <param name="message">What is wrong.</param>
    public AsciicastFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AsciicastFormatException"/> class.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public AsciicastFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AsciicastFormatException"/> class.</summary>
    /// <param name="lineNumber">The 1-based number of the first bad line.</param>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause, if any.</param>
    public AsciicastFormatException(long lineNumber, string message, Exception? innerException = null)
        : base($"Line {lineNumber}: {message}", innerException)
    {
        LineNumber = lineNumber;
    }

    /// <summary>Gets the 1-based number of the first bad line (0 when unknown).</summary>
    public long LineNumber { get; }
}
