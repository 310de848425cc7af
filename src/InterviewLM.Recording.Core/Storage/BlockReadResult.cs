namespace InterviewLM.Recording.Storage;

/// <summary>Represents one step of reading an events file: a whole block of events, a keyframe, or the damage found in their place.</summary>
public readonly record struct BlockReadResult
{
    private BlockReadResult(EventBlock? block, KeyframeBlock? keyframe, BlockDamage? damage)
    {
        Block = block;
        Keyframe = keyframe;
        Damage = damage;
    }

    /// <summary>Gets the block, when this step read one.</summary>
    public EventBlock? Block { get; }

    /// <summary>Gets the keyframe, when this step read one.</summary>
    public KeyframeBlock? Keyframe { get; }

    /// <summary>Gets the damage, when this step found some.</summary>
    public BlockDamage? Damage { get; }

    /// <summary>Creates a result holding a block.</summary>
    /// <param name="block">The block.</param>
    /// <returns>The result.</returns>
    public static BlockReadResult FromBlock(EventBlock block) => new(block ?? throw new ArgumentNullException(nameof(block)), null, null);

    /// <summary>Creates a result holding damage.</summary>
    /// <param name="damage">The damage.</param>
    /// <returns>The result.</returns>
    public static BlockReadResult FromDamage(BlockDamage damage) => new(null, null, damage ?? throw new ArgumentNullException(nameof(damage)));

    /// <summary>Creates a result holding a keyframe.</summary>
    /// <param name="keyframe">The keyframe.</param>
    /// <returns>The result.</returns>
    public static BlockReadResult FromKeyframe(KeyframeBlock keyframe) => new(null, keyframe ?? throw new ArgumentNullException(nameof(keyframe)), null);
}
