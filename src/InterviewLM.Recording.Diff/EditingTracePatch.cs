namespace InterviewLM.Recording.Diff;

/// <summary>Represents one patch of an editing trace, applied like JavaScript's <c>Array.splice</c>; positions and counts are Unicode code points.</summary>
/// <param name="Position">The position, in code points.</param>
/// <param name="DeleteCount">The number of deleted code points.</param>
/// <param name="Text">The inserted text.</param>
public readonly record struct EditingTracePatch(int Position, int DeleteCount, string Text);
