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

    /// <summary>Gets or sets the session identifier used by <see cref="EditingTraceImporter.ImportAsync"/>.</summary>
    /// <value>The default is <see langword="null"/>: the recorder makes one.</value>
    public string? SessionId { get; set; }
}
