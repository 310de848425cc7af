namespace InterviewLM.Recording.Storage;

/// <summary>Identifies a kind of damage in an events file.</summary>
public enum BlockDamageKind
{
    /// <summary>The file ends inside a block (a crash while writing).</summary>
    TornTail = 0,

    /// <summary>A block's checksum does not match its bytes.</summary>
    ChecksumMismatch = 1,

    /// <summary>A block's framing or content cannot be parsed.</summary>
    Malformed = 2,

    /// <summary>Bytes that belong to no block.</summary>
    Garbage = 3,
}
