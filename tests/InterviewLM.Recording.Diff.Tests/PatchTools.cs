using System.Diagnostics;
using System.Text;

namespace InterviewLM.Recording.Diff.Tests;

/// <summary>Runs the real patch tools on temporary files; a missing tool fails the test (the tools are required oracles).</summary>
internal static class PatchTools
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static string GitApply(string oldText, string patch) => Run(oldText, patch, "git", ["apply", "--whitespace=nowarn", "patch.diff"]);

    public static string GnuPatch(string oldText, string patch) => Run(oldText, patch, "patch", ["-p1", "--no-backup-if-mismatch", "--quiet", "-i", "patch.diff"], rejectFuzz: true);

    private static string Run(string oldText, string patch, string tool, string[] arguments, bool rejectFuzz = false)
    {
        var directory = Directory.CreateTempSubdirectory("ilmrec-diff-");
        try
        {
            var file = Path.Combine(directory.FullName, "f.txt");
            File.WriteAllBytes(file, Utf8.GetBytes(oldText));
            File.WriteAllBytes(Path.Combine(directory.FullName, "patch.diff"), Utf8.GetBytes(patch));
            var start = new ProcessStartInfo(tool)
            {
                WorkingDirectory = directory.FullName,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {tool}.");
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            var stdout = output.GetAwaiter().GetResult();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{tool} failed ({process.ExitCode}): {stdout}{error}\n--- patch ---\n{patch}");
            }

            if (rejectFuzz && (stdout + error).Contains("fuzz", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"{tool} needed fuzz: {stdout}{error}");
            }

            return Utf8.GetString(File.ReadAllBytes(file));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
