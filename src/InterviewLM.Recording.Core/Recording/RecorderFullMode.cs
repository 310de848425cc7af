namespace InterviewLM.Recording;

/// <summary>Identifies what a recorder does when its queue is full. It never drops an event.</summary>
public enum RecorderFullMode
{
    /// <summary>The producer waits until the writer has room.</summary>
    Wait = 0,

    /// <summary>The producer gets a <see cref="RecorderFullException"/>; the event is not recorded.</summary>
    Fail = 1,
}
