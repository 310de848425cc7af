namespace InterviewLM.Recording;

/// <summary>Identifies the capture channel an event came from.</summary>
public enum EventChannel
{
    /// <summary>Session lifecycle events.</summary>
    Session = 0,

    /// <summary>Files, edits and code snapshots.</summary>
    Code = 1,

    /// <summary>Terminal input, output, resize and exit.</summary>
    Terminal = 2,

    /// <summary>Claude API interactions.</summary>
    Claude = 3,

    /// <summary>Markers placed by the host.</summary>
    Marker = 4,

    /// <summary>Opaque UI events passed through untouched.</summary>
    Ui = 5,

    /// <summary>Events of a type this version does not know.</summary>
    Unknown = 6,
}
