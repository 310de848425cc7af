namespace InterviewLM.Recording.Terminal.Tests;

[CollectionDefinition(nameof(DescriptorCountingCollection), DisableParallelization = true)]
public sealed class DescriptorCountingCollection
{
}

/// <summary>Counts this process's descriptors, so it runs alone: other tests open files in parallel.</summary>
[Collection(nameof(DescriptorCountingCollection))]
public sealed class PtyProcessDescriptorTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task StartAndDispose_ManyTimes_NoLeakedDescriptorsNoZombies()
    {
        // Warm up once so lazily opened runtime descriptors are not counted as leaks.
        await using (var warm = PtyProcess.Start(new PtyOptions { FileName = "true" }))
        {
            await PtyOutput.ReadToEndAsync(warm);
            await warm.WaitForExitAsync().WaitAsync(s_timeout);
        }

        var before = Directory.GetFiles("/proc/self/fd").Length;
        var pids = new List<int>();
        for (var i = 0; i < 10; i++)
        {
            await using var pty = PtyProcess.Start(new PtyOptions { FileName = "sh", Arguments = ["-c", "echo x"] });
            pids.Add(pty.ProcessId);
            await PtyOutput.ReadToEndAsync(pty);
            await pty.WaitForExitAsync().WaitAsync(s_timeout);
        }

        for (var i = 0; i < 3; i++)
        {
            // Disposed while still running: hung up and reaped.
            var pty = PtyProcess.Start(new PtyOptions { FileName = "sleep", Arguments = ["100"] });
            pids.Add(pty.ProcessId);
            await pty.DisposeAsync();
            await pty.WaitForExitAsync().WaitAsync(s_timeout);
        }

        Assert.Throws<FileNotFoundException>(() => PtyProcess.Start(new PtyOptions { FileName = "no-such-command-ilmrec" }));

        await PtyProcessTests.WaitUntilAsync(() => Directory.GetFiles("/proc/self/fd").Length <= before);
        // Other tests' descriptors may close meanwhile; none of ours may remain.
        Assert.InRange(Directory.GetFiles("/proc/self/fd").Length, 0, before);
        Assert.All(pids, pid => Assert.False(Directory.Exists($"/proc/{pid}"), $"process {pid} was not reaped"));
    }
}
