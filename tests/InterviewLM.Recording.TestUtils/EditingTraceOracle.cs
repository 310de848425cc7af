using InterviewLM.Recording.Diff;

namespace InterviewLM.Recording.TestUtils;

/// <summary>An independent reading of an editing trace's timing, for tests that check the importer against it.</summary>
public static class EditingTraceOracle
{
    /// <summary>Gets each transaction's session time: its time minus the first time, never going backwards.</summary>
    /// <param name="trace">The trace.</param>
    /// <returns>One time per transaction.</returns>
    public static TimeSpan[] TransactionTimes(EditingTrace trace)
    {
        var times = new TimeSpan[trace.Transactions.Count];
        DateTimeOffset? first = null;
        var latest = TimeSpan.Zero;
        for (var i = 0; i < times.Length; i++)
        {
            if (trace.Transactions[i].Time is { } stamp)
            {
                first ??= stamp;
                latest = stamp - first.Value > latest ? stamp - first.Value : latest;
            }

            times[i] = latest;
        }

        return times;
    }
}
