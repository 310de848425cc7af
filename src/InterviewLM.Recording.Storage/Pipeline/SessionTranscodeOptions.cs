namespace InterviewLM.Recording.Storage;

/// <summary>Represents the settings of <see cref="SessionTranscoder.CopyAsync"/>.</summary>
public sealed class SessionTranscodeOptions
{
    /// <summary>Gets or sets the most events per written block; 0 keeps the source's blocks as they are.</summary>
    /// <value>The default is 0.</value>
    /// <remarks>Larger blocks compress better (Brotli sees more context) but a damaged block loses more and seeking is coarser.</remarks>
    public int MaxBlockEvents { get; set; }

    /// <summary>Gets or sets a value indicating whether damaged parts of the source are skipped.</summary>
    /// <value>The default is <see langword="false"/>: damage stops the copy.</value>
    public bool SkipDamage { get; set; }

    /// <summary>Gets or sets a value indicating whether the source's keyframes are written to the target.</summary>
    /// <value>The default is <see langword="false"/>: they are dropped, and a keyframe layer of the target places new ones.</value>
    public bool CarryKeyframes { get; set; }
}
