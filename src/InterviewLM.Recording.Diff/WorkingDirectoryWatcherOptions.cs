namespace InterviewLM.Recording.Diff;

/// <summary>Represents the settings of a <see cref="WorkingDirectoryWatcher"/>.</summary>
public sealed class WorkingDirectoryWatcherOptions
{
    /// <summary>Gets or sets how long the watcher waits after a file system notification before scanning, so a burst of writes becomes one edit.</summary>
    /// <value>The default is 250 milliseconds.</value>
    public TimeSpan Debounce { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Gets or sets the period of the full scan that catches what notifications miss; <see cref="Timeout.InfiniteTimeSpan"/> turns it off.</summary>
    /// <value>The default is 2 seconds.</value>
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets the largest file tracked, in bytes; bigger files are ignored.</summary>
    /// <value>The default is 1 MiB.</value>
    public long MaxFileSize { get; set; } = 1024 * 1024;

    /// <summary>Gets the directory names ignored at any depth.</summary>
    /// <value>The default is <c>.git</c>, <c>bin</c>, <c>obj</c> and <c>node_modules</c>.</value>
    public ISet<string> IgnoredDirectories { get; } = new HashSet<string>(StringComparer.Ordinal) { ".git", "bin", "obj", "node_modules" };

    /// <summary>Gets or sets a value indicating whether a <see cref="FileSystemWatcher"/> triggers scans (the periodic scan runs either way).</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool UseFileSystemWatcher { get; set; } = true;

    /// <summary>Gets or sets the clock for the debounce and scan timers.</summary>
    /// <value>The default is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
