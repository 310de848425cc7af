namespace InterviewLM.Recording.Hosting;

/// <summary>Represents the settings of the recording services a host registers with <c>AddInterviewRecording</c>.</summary>
/// <remarks>Validated once, when the host starts (<c>ValidateOnStart</c>) or when the factory is first resolved; an invalid value fails with every problem named.</remarks>
public sealed class InterviewRecordingOptions
{
    /// <summary>Gets or sets the folder sessions are stored in (one subfolder per session).</summary>
    /// <value>The default is <see langword="null"/>; required unless a store is given with <see cref="InterviewRecordingBuilder.UseStore(Func{IServiceProvider, Storage.ISessionStore})"/>.</value>
    public string? StoreRoot { get; set; }

    /// <summary>Gets or sets the name of the events codec, as <see cref="Storage.EventCodecs"/> knows it.</summary>
    /// <value>The default is <c>jsonl-gz</c>, gzip JSON Lines.</value>
    public string Codec { get; set; } = "jsonl-gz";

    /// <summary>Gets or sets how many events may wait for a session's writer before producers wait or fail.</summary>
    /// <value>The default is 65,536.</value>
    public int RecorderCapacity { get; set; } = 65_536;

    /// <summary>Gets or sets what recording does when <see cref="RecorderCapacity"/> events are waiting.</summary>
    /// <value>The default is <see cref="RecorderFullMode.Wait"/>.</value>
    public RecorderFullMode FullMode { get; set; } = RecorderFullMode.Wait;

    /// <summary>Gets or sets the most events in one block.</summary>
    /// <value>The default is 4,096.</value>
    public int MaxBlockEvents { get; set; } = 4096;

    /// <summary>Gets or sets how often pending events are flushed even when a block is not full.</summary>
    /// <value>The default is one second. A crash loses at most this much.</value>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets environment facts written to every session's <c>metadata.json</c>.</summary>
    public IDictionary<string, string> Environment { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
