namespace InterviewLM.Recording.Storage;

/// <summary>Represents a part of an events file that could not be read.</summary>
/// <param name="BlockIndex">The number the damaged block would have had.</param>
/// <param name="Offset">The byte offset where the damage starts.</param>
/// <param name="Length">The number of bytes skipped, when known.</param>
/// <param name="Kind">What is wrong.</param>
/// <param name="Detail">A one-line explanation.</param>
public sealed record BlockDamage(int BlockIndex, long Offset, long? Length, BlockDamageKind Kind, string Detail)
{
    /// <inheritdoc/>
    public override string ToString() => $"block {BlockIndex} at byte offset {Offset}: {Detail}";
}
