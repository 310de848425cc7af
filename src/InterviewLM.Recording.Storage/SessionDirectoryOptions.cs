using InterviewLM.Recording.Storage.Gzip;

namespace InterviewLM.Recording.Storage;

/// <summary>Represents the settings of a session directory being recorded.</summary>
public sealed class SessionDirectoryOptions
{
    /// <summary>Gets or sets the codec of the events file.</summary>
    /// <value>The default is gzip JSONL, the seed's live format.</value>
    public IEventCodec Codec { get; set; } = GzipJsonlCodec.Instance;

    /// <summary>Gets the projections written when the session is finalized.</summary>
    /// <value>The default is empty: feature packages provide projections (the terminal cast, Claude interactions, code diffs) and hosts add them.</value>
    public IList<ISessionProjection> Projections { get; } = [];

    /// <summary>Gets or sets the factory of the fold that places keyframes in the events file, or <see langword="null"/> for none.</summary>
    /// <value>
    /// The default is <see langword="null"/>: the events file holds events only. InterviewLM.Recording.Replay provides the
    /// session fold's builder (<c>SessionKeyframes.CreateBuilder</c>); with it, a keyframe block follows every event after
    /// which the fold says one is due, and <c>index.json</c> lists it.
    /// </value>
    public Func<IKeyframeBuilder>? Keyframes { get; set; }

    /// <summary>Gets or sets the assessment identifier for <c>metadata.json</c>.</summary>
    public string? AssessmentId { get; set; }

    /// <summary>Gets or sets the candidate identifier for <c>metadata.json</c>.</summary>
    public string? CandidateId { get; set; }

    /// <summary>Gets environment facts for <c>metadata.json</c>.</summary>
    public IDictionary<string, string> Environment { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Gets or sets a value indicating whether each block is forced to disk (fsync) before the next, surviving power loss, not only a crash.</summary>
    /// <value>The default is <see langword="false"/>: blocks reach the operating system at once, which survives the process being killed.</value>
    public bool DurableWrites { get; set; }

    /// <summary>Gets or sets the clock used for the end time in <c>metadata.json</c>.</summary>
    /// <value>The default is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
