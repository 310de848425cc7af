namespace InterviewLM.Recording;

/// <summary>The exception thrown when an event is rejected by validation; a rejected event is never stored.</summary>
public sealed class InvalidSessionEventException : ArgumentException
{
    /// <summary>Initializes a new instance of the <see cref="InvalidSessionEventException"/> class.</summary>
    public InvalidSessionEventException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="InvalidSessionEventException"/> class.</summary>
    /// <param name="message">Why the event was rejected.</param>
    public InvalidSessionEventException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="InvalidSessionEventException"/> class.</summary>
    /// <param name="message">Why the event was rejected.</param>
    /// <param name="innerException">The cause.</param>
    public InvalidSessionEventException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
