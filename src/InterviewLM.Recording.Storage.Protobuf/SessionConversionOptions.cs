namespace InterviewLM.Recording.Storage.Protobuf;

/// <summary>Options for <see cref="SessionConverter"/>.</summary>
public sealed class SessionConversionOptions
{
    /// <summary>Gets or sets the codecs the source may be in; <see cref="EventCodecs.Default"/> with the archive codec when <see langword="null"/>.</summary>
    public EventCodecs? Codecs { get; set; }

    /// <summary>Gets or sets the most events per written block; 0 keeps the source's blocks as they are.</summary>
    /// <remarks>Larger blocks compress better (Brotli sees more context) but a damaged block loses more and seeking is coarser.</remarks>
    public int MaxBlockEvents { get; set; }

    /// <summary>Gets or sets a value indicating whether damaged parts of the source are skipped; when <see langword="false"/> (the default) damage stops the conversion.</summary>
    public bool SkipDamage { get; set; }

    /// <summary>Gets or sets the factory of the fold that places keyframes in the converted events file.</summary>
    /// <value>When <see langword="null"/> (the default) the source's keyframe blocks are carried over as they are; otherwise new ones are placed (for the new block sizes) and the source's are dropped.</value>
    public Func<IKeyframeBuilder>? Keyframes { get; set; }
}
