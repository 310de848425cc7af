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
}
