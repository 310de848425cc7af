namespace InterviewLM.Recording.Terminal;

/// <summary>Unwraps the result of a "bool async" core run synchronously, which is always already complete.</summary>
internal static class SyncValueTask
{
    public static T Result<T>(ValueTask<T> task) => task.IsCompleted ? task.Result : task.AsTask().GetAwaiter().GetResult();

    public static void Wait(ValueTask task)
    {
        if (task.IsCompleted)
        {
            task.GetAwaiter().GetResult();
        }
        else
        {
            task.AsTask().GetAwaiter().GetResult();
        }
    }
}
