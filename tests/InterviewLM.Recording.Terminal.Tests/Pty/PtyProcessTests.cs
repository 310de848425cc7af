using System.ComponentModel;

namespace InterviewLM.Recording.Terminal.Tests;

public sealed class PtyProcessTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Start_Echo_OutputWithCrLfAndExitCodeZero()
    {
        await using var pty = PtyProcess.Start(new PtyOptions { FileName = "echo", Arguments = ["hello", "wörld"] });

        var output = await PtyOutput.ReadToEndAsync(pty);
        var status = await pty.WaitForExitAsync().WaitAsync(s_timeout);

        // The terminal's ONLCR turns the program's \n into \r\n.
        Assert.Equal("hello wörld\r\n", output);
        Assert.Equal(new PtyExitStatus(0, null), status);
    }

    [Theory]
    [InlineData("exit 0", 0)]
    [InlineData("exit 7", 7)]
    [InlineData("exit 255", 255)]
    public async Task WaitForExitAsync_ExitCode_Reported(string script, int expected)
    {
        await using var pty = PtyProcess.Start(new PtyOptions { FileName = "sh", Arguments = ["-c", script] });

        var status = await pty.WaitForExitAsync().WaitAsync(s_timeout);

        Assert.Equal(new PtyExitStatus(expected, null), status);
        Assert.Equal(expected, status.ShellStatus);
    }

    [Fact]
    public async Task WaitForExitAsync_KilledBySignal_ReportsSignal()
    {
        await using var pty = PtyProcess.Start(new PtyOptions { FileName = "sh", Arguments = ["-c", "kill -TERM $$"] });

        var status = await pty.WaitForExitAsync().WaitAsync(s_timeout);

        Assert.Equal(new PtyExitStatus(null, PtyProcess.SignalTerminate), status);
        Assert.Equal(143, status.ShellStatus);
    }

    [Fact]
    public async Task Kill_WholeProcessGroup_ChildAndGrandchildEnd()
    {
        await using var pty = PtyProcess.Start(new PtyOptions { FileName = "sh", Arguments = ["-c", "sleep 100 & echo \"child=$!\"; wait"] });
        var output = new PtyOutput(pty);
        var end = await output.WaitForAsync("\r\n", await output.WaitForAsync("child="));
        var grandchild = int.Parse(output.Text[(output.Text.IndexOf("child=", StringComparison.Ordinal) + 6)..(end - 2)]);

        Assert.True(pty.Kill());
        var status = await pty.WaitForExitAsync().WaitAsync(s_timeout);

        Assert.Equal(PtyProcess.SignalTerminate, status.Signal);
        await WaitUntilAsync(() => !File.Exists($"/proc/{grandchild}/stat") || File.ReadAllText($"/proc/{grandchild}/stat").Contains(") Z "));
        Assert.False(pty.Kill());
    }

    [Fact]
    public async Task Write_CtrlC_InterruptsForegroundSleep()
    {
        await using var pty = PtyProcess.Start(new PtyOptions { FileName = "sleep", Arguments = ["30"] });
        await Task.Delay(200);

        pty.Write([0x03]);
        var status = await pty.WaitForExitAsync().WaitAsync(s_timeout);

        Assert.Equal(new PtyExitStatus(null, PtyProcess.SignalInterrupt), status);
    }

    [Fact]
    public async Task Write_CtrlCInInteractiveBash_SleepInterruptedWithStatus130()
    {
        await using var pty = PtyProcess.Start(new PtyOptions
        {
            FileName = "bash",
            Arguments = ["--norc", "--noprofile", "-i"],
            Environment = { ["PS1"] = "$ " },
        });
        var output = new PtyOutput(pty);
        await output.WaitForAsync("$ ");

        pty.Write("sleep 30\r");
        await output.WaitForAsync("sleep 30\r\n");
        await Task.Delay(300);
        pty.Write([0x03]);
        var after = await output.WaitForAsync("$ ", output.Text.Length);
        pty.Write("echo \"rc=$?\"; exit 3\r");
        await output.WaitForAsync("rc=130", after);

        Assert.Equal(new PtyExitStatus(3, null), await pty.WaitForExitAsync().WaitAsync(s_timeout));
    }

    [Fact]
    public async Task Start_WithSize_ChildSeesSize()
    {
        await using var pty = PtyProcess.Start(new PtyOptions { FileName = "stty", Arguments = ["size"], Columns = 123, Rows = 45 });

        Assert.Equal("45 123\r\n", await PtyOutput.ReadToEndAsync(pty));
    }

    [Fact]
    public async Task Resize_RunningChild_GetsSigwinchAndNewSize()
    {
        await using var pty = PtyProcess.Start(new PtyOptions
        {
            FileName = "bash",
            Arguments = ["--norc", "--noprofile", "-c", "trap 'echo \"winch $(stty size)\"' WINCH; echo ready; while :; do sleep 0.05; done"],
        });
        var output = new PtyOutput(pty);
        var from = await output.WaitForAsync("ready");

        pty.Resize(132, 50);
        await output.WaitForAsync("winch 50 132", from);

        Assert.Equal((132, 50), (pty.Columns, pty.Rows));
    }

    [Fact]
    public async Task Start_Environment_SetsTermOverridesAndRemoves()
    {
        Environment.SetEnvironmentVariable("ILMREC_PTY_TEST_INHERITED", "inherited");
        await using var pty = PtyProcess.Start(new PtyOptions
        {
            FileName = "sh",
            Arguments = ["-c", "echo \"$FOO|$TERM|${ILMREC_PTY_TEST_INHERITED-unset}|${HOME-unset}\""],
            Environment = { ["FOO"] = "bar baz", ["HOME"] = null },
            TermType = "xterm-test",
        });

        Assert.Equal("bar baz|xterm-test|inherited|unset\r\n", await PtyOutput.ReadToEndAsync(pty));
    }

    [Fact]
    public async Task Start_NoInheritedEnvironment_OnlyGivenVariables()
    {
        await using var pty = PtyProcess.Start(new PtyOptions
        {
            FileName = "/usr/bin/env",
            InheritEnvironment = false,
            Environment = { ["A"] = "1" },
        });

        var lines = (await PtyOutput.ReadToEndAsync(pty)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal);

        Assert.Equal(["A=1", "TERM=xterm-256color"], lines);
    }

    [Fact]
    public async Task Start_WorkingDirectory_ChildRunsThere()
    {
        var dir = Directory.CreateTempSubdirectory("ilmrec-pty-");
        try
        {
            await using var pty = PtyProcess.Start(new PtyOptions { FileName = "pwd", WorkingDirectory = dir.FullName });

            Assert.Equal(dir.FullName + "\r\n", await PtyOutput.ReadToEndAsync(pty));
        }
        finally
        {
            dir.Delete();
        }
    }

    [Fact]
    public async Task Start_NewSessionWithControllingTerminal_LeaderOwnsGroupAndTty()
    {
        await using var pty = PtyProcess.Start(new PtyOptions { FileName = "sh", Arguments = ["-c", "cat /proc/$$/stat; tty"] });

        var lines = (await PtyOutput.ReadToEndAsync(pty)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var fields = lines[0][(lines[0].LastIndexOf(')') + 2)..].Split(' ');

        // Fields after "(comm)": state ppid pgrp session tty_nr tpgid.
        Assert.Equal(pty.ProcessId.ToString(), fields[2]);
        Assert.Equal(pty.ProcessId.ToString(), fields[3]);
        Assert.NotEqual("0", fields[4]);
        Assert.StartsWith("/dev/pts/", lines[1]);
    }

    [Fact]
    public async Task Start_Child_DefaultSignalDispositionsAndEmptyMask()
    {
        // Read by the spawned program itself (no shell in between, which may block signals while it forks).
        await using var pty = PtyProcess.Start(new PtyOptions { FileName = "grep", Arguments = ["-E", "^Sig(Ign|Blk)", "/proc/self/status"] });

        var lines = (await PtyOutput.ReadToEndAsync(pty)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        // .NET ignores SIGPIPE and blocks signals on its threads; the child must inherit neither. (glibc's two internal
        // real-time signals, 32 and 33, are outside sigfillset and may show as ignored.)
        Assert.Contains("SigBlk:\t0000000000000000", lines);
        var ignored = Convert.ToUInt64(lines.Single(l => l.StartsWith("SigIgn:")).Split('\t')[1], 16);
        Assert.Equal(0UL, ignored & 0x7FFF_FFFFUL);
    }

    [Fact]
    public async Task Start_Child_OnlyStandardDescriptorsInherited()
    {
        await using var pty = PtyProcess.Start(new PtyOptions { FileName = "ls", Arguments = ["-1", "/proc/self/fd"] });

        var descriptors = (await PtyOutput.ReadToEndAsync(pty)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        // 3 is the directory ls itself opened to list them.
        Assert.Equal(["0", "1", "2", "3"], descriptors);
    }

    [Fact]
    public void Start_NonexistentCommand_ThrowsFileNotFound()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => PtyProcess.Start(new PtyOptions { FileName = "no-such-command-ilmrec" }));

        Assert.Contains("no-such-command-ilmrec", ex.Message);
        Assert.Equal("no-such-command-ilmrec", ex.FileName);
    }

    [Fact]
    public void Start_NonexistentAbsolutePath_ThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => PtyProcess.Start(new PtyOptions { FileName = "/nonexistent/bin/tool" }));
    }

    [Fact]
    public void Start_NotExecutable_ThrowsWin32Exception()
    {
        var file = Path.GetTempFileName();
        try
        {
            var ex = Assert.Throws<Win32Exception>(() => PtyProcess.Start(new PtyOptions { FileName = file }));

            Assert.Equal(13, ex.NativeErrorCode);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Start_MissingWorkingDirectory_ThrowsDirectoryNotFound()
    {
        Assert.Throws<DirectoryNotFoundException>(() => PtyProcess.Start(new PtyOptions { FileName = "true", WorkingDirectory = "/nonexistent-ilmrec" }));
    }

    [Theory]
    [InlineData(0, 24)]
    [InlineData(80, 0)]
    [InlineData(70_000, 24)]
    public void Start_BadSize_Throws(int columns, int rows)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PtyProcess.Start(new PtyOptions { FileName = "true", Columns = columns, Rows = rows }));
    }

    [Fact]
    public async Task ReadAsync_LargeOutput_AllBytesInOrder()
    {
        await using var pty = PtyProcess.Start(new PtyOptions { FileName = "seq", Arguments = ["1", "100000"] });

        var output = await PtyOutput.ReadToEndAsync(pty);

        Assert.Equal(string.Concat(Enumerable.Range(1, 100000).Select(i => i + "\r\n")), output);
    }

    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = Environment.TickCount64 + 10_000;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                return;
            }

            await Task.Delay(20);
        }
    }
}
