namespace InterviewLM.Recording.Storage;

/// <summary>Represents one step of reading an events file: either a whole block or the damage found in its place.</summary>
public readonly record struct BlockReadResult
{
    private BlockReadResult(EventBlock? block, BlockDamage? damage)
    {
        Block = block;
        Damage = damage;
    }

    /// <summary>Gets the block, when this step read one.</summary>
    public EventBlock? Block { get; }

    /// <summary>Gets the damage, when this step found some.</summary>
    public BlockDamage? Damage { get; }

    /// <summary>Creates a result holding a block.</summary>
    /// <param name="block">The block.</param>
    /// <returns>The result.</returns>
    public static BlockReadResult FromBlock(EventBlock block) => new(block ?? throw new ArgumentNullException(nameof(block)), null);

    /// <summary>Creates a result holding damage.</summary>
    /// <param name="damage">The damage.</param>
    /// <returns>The result.</returns>
    public static BlockReadResult FromDamage(BlockDamage damage) => new(null, damage ?? throw new ArgumentNullException(nameof(damage)));
}
