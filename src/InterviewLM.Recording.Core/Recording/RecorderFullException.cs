namespace InterviewLM.Recording;

/// <summary>The exception thrown when a recorder in <see cref="RecorderFullMode.Fail"/> mode has no room for an event.</summary>
public sealed class RecorderFullException : InvalidOperationException
{
    /// <summary>Initializes a new instance of the <see cref="RecorderFullException"/> class.</summary>
    public RecorderFullException()
        : base("The recorder's queue is full; the event was not recorded.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RecorderFullException"/> class.</summary>
    /// <param name="message">The message.</param>
    public RecorderFullException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RecorderFullException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public RecorderFullException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
