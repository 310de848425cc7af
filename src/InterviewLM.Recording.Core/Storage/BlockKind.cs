namespace InterviewLM.Recording.Storage;

/// <summary>Specifies what a block of an events file holds.</summary>
public enum BlockKind
{
    /// <summary>Session events.</summary>
    Events = 0,

    /// <summary>A keyframe: the serialized state of the session's fold after the events before it.</summary>
    Keyframe = 1,
}
