namespace InterviewLM.Recording;

/// <summary>Estimates an event's encoded size cheaply, for block size limits; not exact, never zero.</summary>
internal static class EventSizeEstimator
{
    private const int Overhead = 48;

    public static long Estimate(SessionEvent value) => Overhead + value switch
    {
        TextEdited edit => edit.FileId.Length + SumChanges(edit),
        TerminalOutput output => output.Data.Length,
        TerminalInput input => input.Data.Length,
        CodeSnapshot snapshot => 64 + (snapshot.FullContent?.Length ?? 0) + SumDiff(snapshot),
        ClaudeInteraction claude => claude.Prompt.Length + claude.Response.Length + (claude.SystemPrompt?.Length ?? 0) + claude.Conversation.Sum(static m => m.Content.Length + 16),
        FileCreated created => created.Path.Length + created.InitialContent.Length,
        UiEvent ui => ui.Json.Length,
        UnknownEvent unknown => unknown.RawJson.Length,
        Marker marker => marker.Label.Length,
        CaptureFailed failed => failed.Source.Length + failed.Reason.Length + (failed.Detail?.Length ?? 0),
        _ => 0,
    };

    private static long SumChanges(TextEdited edit)
    {
        long total = 0;
        foreach (var change in edit.Changes)
        {
            total += 24 + change.Text.Length;
        }

        return total;
    }

    private static long SumDiff(CodeSnapshot snapshot)
    {
        long total = 0;
        foreach (var op in snapshot.Diff)
        {
            total += 8;
            foreach (var line in op.Lines)
            {
                total += line.Length;
            }
        }

        return total;
    }
}
