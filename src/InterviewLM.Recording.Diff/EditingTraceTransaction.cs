namespace InterviewLM.Recording.Diff;

/// <summary>Represents one transaction of an <see cref="EditingTrace"/>: patches applied one after another, at one time.</summary>
/// <param name="Time">The transaction's timestamp, when the trace has one.</param>
/// <param name="Patches">The patches, applied in order.</param>
public sealed record EditingTraceTransaction(DateTimeOffset? Time, IReadOnlyList<EditingTracePatch> Patches);
