namespace InterviewLM.Recording;

/// <summary>Represents a point in the session the host wants to find again, such as "tests pass" or "hint given".</summary>
/// <param name="Label">The label shown to the reviewer.</param>
/// <param name="Category">An optional category for filtering.</param>
public sealed record Marker(string Label, string? Category = null) : SessionEvent
{
    /// <summary>The wire name of this event type.</summary>
    public const string TypeName = "marker";

    /// <inheritdoc/>
    public override string Type => TypeName;

    /// <inheritdoc/>
    public override EventChannel Channel => EventChannel.Marker;
}
