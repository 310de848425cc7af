namespace InterviewLM.Recording.Diff;

/// <summary>Represents the snapshot policy of a <see cref="CodeTracker"/>.</summary>
public sealed class CodeTrackerOptions
{
    /// <summary>Gets or sets how long a file may stay edited without a snapshot: a snapshot with a line diff is taken this long after the first edit since the previous one.</summary>
    /// <value>The default is 5 seconds.</value>
    public TimeSpan SnapshotInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets how often a snapshot also carries the full content (the first snapshot and the one at session end always do).</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan FullContentInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the clock that schedules snapshots.</summary>
    /// <value>The default is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal void Validate()
    {
        if (SnapshotInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(SnapshotInterval), SnapshotInterval, "The snapshot interval must be positive.");
        }

        if (FullContentInterval < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(FullContentInterval), FullContentInterval, "The full content interval cannot be negative.");
        }

        ArgumentNullException.ThrowIfNull(TimeProvider);
    }
}
