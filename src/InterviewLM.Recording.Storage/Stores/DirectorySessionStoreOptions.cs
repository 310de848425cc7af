namespace InterviewLM.Recording.Storage;

/// <summary>Represents the settings of a <see cref="DirectorySessionStore"/>.</summary>
public sealed class DirectorySessionStoreOptions
{
    /// <summary>Gets or sets a value indicating whether each flush of an appended object is forced to disk (fsync), surviving power loss, not only a crash.</summary>
    /// <value>The default is <see langword="false"/>: flushed bytes reach the operating system at once, which survives the process being killed.</value>
    public bool DurableWrites { get; set; }
}
