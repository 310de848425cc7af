namespace InterviewLM.Recording.Storage.Protobuf;

/// <summary>Options for <see cref="SessionConverter"/>.</summary>
public sealed class SessionConversionOptions
{
    /// <summary>Gets or sets the most events per written block; 0 keeps the source's blocks as they are.</summary>
    /// <remarks>Larger blocks compress better (Brotli sees more context) but a damaged block loses more and seeking is coarser.</remarks>
    public int MaxBlockEvents { get; set; }

    /// <summary>Gets or sets a value indicating whether damaged parts of the source are skipped; when <see langword="false"/> (the default) damage stops the conversion.</summary>
    public bool SkipDamage { get; set; }

    /// <summary>Gets or sets the pipeline the converted session is written through (keyframes, projections), or <see langword="null"/> for none.</summary>
    /// <value>
    /// When <see langword="null"/> (the default) the source's keyframe blocks are carried over as they are; otherwise the
    /// pipeline's layers see every event (a keyframe layer places new keyframes for the new block sizes) and the source's
    /// keyframes are dropped. Objects the pipeline does not write (projections) are copied from the source either way.
    /// </value>
    public SessionPipelineBuilder? Pipeline { get; set; }
}
