namespace InterviewLM.Recording.Terminal;

/// <summary>Represents how a process ended: an exit code, or the signal that killed it.</summary>
/// <param name="ExitCode">The exit code (0–255), or <see langword="null"/> when a signal killed the process.</param>
/// <param name="Signal">The signal that killed the process, or <see langword="null"/> when it exited.</param>
public readonly record struct PtyExitStatus(int? ExitCode, int? Signal)
{
    /// <summary>Gets the status as a shell reports it in <c>$?</c>: the exit code, or 128 + the signal.</summary>
    public int ShellStatus => ExitCode ?? (128 + Signal.GetValueOrDefault());

    /// <summary>Decodes a <c>waitpid</c> status word.</summary>
    internal static PtyExitStatus FromWaitStatus(int status)
    {
        var termination = status & 0x7f;
        return termination == 0 ? new PtyExitStatus((status >> 8) & 0xff, null) : new PtyExitStatus(null, termination);
    }
}
