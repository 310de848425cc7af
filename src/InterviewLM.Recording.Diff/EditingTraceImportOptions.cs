namespace InterviewLM.Recording.Diff;

/// <summary>Represents the settings of an <see cref="EditingTraceImporter"/> run.</summary>
public sealed class EditingTraceImportOptions
{
    /// <summary>Gets or sets the longest pause kept between two transactions; longer pauses are shortened to it, as asciinema's <c>idle_time_limit</c> does.</summary>
    /// <value>The default is <see langword="null"/>: no limit.</value>
    public TimeSpan? IdleLimit { get; set; }

    /// <summary>Gets or sets the file identifier of the edited file.</summary>
    /// <value>The default is <see langword="null"/>: the trace's name.</value>
    public string? FileId { get; set; }

    /// <summary>Gets or sets the path of the edited file.</summary>
    /// <value>The default is <see langword="null"/>: the trace's name plus <c>.txt</c>, for example <c>automerge-paper.txt</c>.</value>
    public string? Path { get; set; }

    /// <summary>Gets or sets a value indicating whether the import also records code snapshots on the trace's timeline, with <see cref="CodeTracker"/>'s policy (a snapshot with a line diff 5 s after the first edit since the previous one, full content every 30 s, at the start and at the end), and edits carry their base snapshot's hash.</summary>
    /// <remarks>Off by default: a trace is one edit per patch, and traces written over weeks would carry thousands of full-content snapshots.</remarks>
    /// <value>The default is <see langword="false"/>.</value>
    public bool Snapshots { get; set; }

    /// <summary>Gets or sets the snapshot policy's intervals (its <see cref="CodeTrackerOptions.TimeProvider"/> is not used: the trace's times are).</summary>
    /// <value>The default is the default <see cref="CodeTrackerOptions"/>.</value>
    public CodeTrackerOptions SnapshotPolicy { get; set; } = new();

    /// <summary>Gets or sets the session identifier used by <see cref="EditingTraceImporter.ImportAsync"/>.</summary>
    /// <value>The default is <see langword="null"/>: the recorder makes one.</value>
    public string? SessionId { get; set; }
}
