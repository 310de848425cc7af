namespace InterviewLM.Recording.Storage;

/// <summary>Specifies what an <see cref="IBlockFrameFormat"/> found at the start of the unread bytes.</summary>
public enum BlockFrameStatus
{
    /// <summary>The bytes do not start a frame: the reader reports them as <see cref="BlockDamageKind.Garbage"/> up to the next frame start.</summary>
    NotAFrame = 0,

    /// <summary>A whole frame holding a block, a keyframe or damage to report; the reader consumes it.</summary>
    Read = 1,

    /// <summary>A whole frame with nothing to report (a file header, a footer); the reader consumes it.</summary>
    Skip = 2,

    /// <summary>The frame needs more bytes than are read; at the end of the stream the reader reports a torn tail.</summary>
    Incomplete = 3,

    /// <summary>The frame's framing is damaged: the reader reports it and resynchronizes on the next frame start.</summary>
    Damaged = 4,

    /// <summary>The stream cannot be read on from here (an unknown format version): the reader reports it and stops.</summary>
    Unreadable = 5,
}
