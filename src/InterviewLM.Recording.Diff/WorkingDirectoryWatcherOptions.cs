namespace InterviewLM.Recording.Diff;

/// <summary>Represents the settings of a <see cref="WorkingDirectoryWatcher"/>.</summary>
public sealed class WorkingDirectoryWatcherOptions
{
    /// <summary>Gets or sets how long the watcher waits after a file system notification before scanning, so a burst of writes becomes one edit; later notifications do not postpone the scan.</summary>
    /// <value>The default is 100 milliseconds.</value>
    public TimeSpan Debounce { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Gets or sets how long a file that appeared or vanished must stay so before a background scan records it, so an editor that saves through a temporary file and a rename shows as one modification.</summary>
    /// <value>The default is 150 milliseconds. An explicit <see cref="WorkingDirectoryWatcher.Scan"/> records at once.</value>
    public TimeSpan SettleDelay { get; set; } = TimeSpan.FromMilliseconds(150);

    /// <summary>Gets or sets the period of the full scan that catches what notifications miss; <see cref="Timeout.InfiniteTimeSpan"/> turns it off.</summary>
    /// <value>The default is 2 seconds.</value>
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets the largest file whose content is recorded, in bytes; a bigger file is recorded as a <see cref="FileSkipped"/> (<see cref="FileSkipped.TooLargeReason"/>).</summary>
    /// <value>The default is 1 MiB.</value>
    public long MaxFileSize { get; set; } = 1024 * 1024;

    /// <summary>Gets the directory names ignored at any depth, whatever the <c>.gitignore</c> files say.</summary>
    /// <value>The default is <c>.git</c>, <c>node_modules</c>, <c>__pycache__</c>, <c>bin</c>, <c>obj</c>, <c>target</c> and <c>.venv</c>.</value>
    public ISet<string> IgnoredDirectories { get; } = new HashSet<string>(StringComparer.Ordinal) { ".git", "node_modules", "__pycache__", "bin", "obj", "target", ".venv" };

    /// <summary>Gets the file name patterns (<c>.gitignore</c> syntax, matched at any depth) ignored whatever the <c>.gitignore</c> files say.</summary>
    /// <value>The default is editors' swap and backup files: <c>*.swp</c>, <c>*.swo</c>, <c>*.swx</c>, <c>*~</c>, <c>.#*</c> and vim's <c>4913</c> probe.</value>
    public IList<string> IgnoredFilePatterns { get; } = ["*.swp", "*.swo", "*.swx", "*~", ".#*", "4913"];

    /// <summary>Gets the full paths of files and directories below the watched directory that are not recorded, for example a session directory written inside it.</summary>
    /// <value>The default is empty.</value>
    public ISet<string> ExcludedPaths { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Gets or sets a value indicating whether <c>.gitignore</c> files (in the directory and below) decide what is ignored.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool UseGitIgnore { get; set; } = true;

    /// <summary>Gets or sets what is put before every recorded path, for example <c>"api/"</c> when several directories are recorded into one session.</summary>
    /// <value>The default is empty: paths are relative to the directory.</value>
    public string PathPrefix { get; set; } = string.Empty;

    /// <summary>Gets or sets a value indicating whether a <see cref="FileSystemWatcher"/> triggers scans (the periodic scan runs either way).</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool UseFileSystemWatcher { get; set; } = true;

    /// <summary>Gets or sets the clock for the debounce and scan timers and for the code snapshots.</summary>
    /// <value>The default is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Gets or sets the snapshot policy of the <see cref="CodeTracker"/> the watcher records through; its clock is <see cref="TimeProvider"/>.</summary>
    /// <value>The default is <see langword="null"/>: the tracker's defaults.</value>
    public CodeTrackerOptions? Snapshots { get; set; }
}
