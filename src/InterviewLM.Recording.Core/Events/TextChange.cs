namespace InterviewLM.Recording;

/// <summary>Represents one Monaco-style content change: replace <see cref="RangeLength"/> UTF-16 units at <see cref="RangeOffset"/> with <see cref="Text"/>.</summary>
/// <remarks>
/// Offsets count UTF-16 code units from the start of the document as it was before the event, as Monaco's
/// <c>IModelContentChange.rangeOffset</c> does. <see cref="Range"/> is the same place as line and column; it is
/// optional because offset-only sources (editing traces, file watchers) do not have it.
/// </remarks>
/// <param name="RangeOffset">The offset of the replaced range, in UTF-16 code units.</param>
/// <param name="RangeLength">The length of the replaced range, in UTF-16 code units.</param>
/// <param name="Text">The inserted text.</param>
/// <param name="Range">The replaced range as lines and columns, when the source has it.</param>
public sealed record TextChange(int RangeOffset, int RangeLength, string Text, TextRange? Range = null);
