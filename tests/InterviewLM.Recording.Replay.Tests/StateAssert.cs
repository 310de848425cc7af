namespace InterviewLM.Recording.Replay.Tests;

internal static class StateAssert
{
    /// <summary>Serializes the whole state (no references) so two states compare byte for byte.</summary>
    public static byte[] Full(SessionState state)
    {
        return KeyframeData.Write(state, null, 0);
    }

    public static bool Same(SessionState expected, SessionState actual) =>
        Full(expected).AsSpan().SequenceEqual(Full(actual)) &&
        expected.Interactions.SequenceEqual(actual.Interactions) &&
        expected.Markers.SequenceEqual(actual.Markers) &&
        expected.Problems.SequenceEqual(actual.Problems) &&
        expected.Time == actual.Time && expected.EventCount == actual.EventCount;

    public static void Equal(SessionState expected, SessionState actual)
    {
        Assert.Equal(expected.EventCount, actual.EventCount);
        Assert.Equal(expected.Time, actual.Time);
        Assert.Equal(expected.Problems, actual.Problems);
        Assert.Equal(expected.Interactions, actual.Interactions);
        Assert.Equal(expected.Markers, actual.Markers);
        Assert.Equal(expected.Workspace.Files.Select(f => (f.FileId, f.Path, f.GetContent(), f.SnapshotHash)), actual.Workspace.Files.Select(f => (f.FileId, f.Path, f.GetContent(), f.SnapshotHash)));
        Assert.Equal(expected.Terminal?.GetScreenText().ToJson(), actual.Terminal?.GetScreenText().ToJson());
        Assert.Equal(Full(expected), Full(actual));
    }
}
