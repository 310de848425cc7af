using System.Security.Cryptography;
using System.Text.Json;
using InterviewLM.Recording.Packaging.Tests.Infrastructure;
using InterviewLM.Recording.TestUtils;

namespace InterviewLM.Recording.Packaging.Tests;

/// <summary>A host's view: samples/IntroPackageConsumer and the ilmrec tool, restored from the folder eng/pack.sh filled.</summary>
[Collection(PackedPackagesCollection.Name)]
public sealed class IntroPackageConsumerTests(PackedPackages packed)
{
    [Fact]
    public async Task Run_RestoredFromTheLocalFolder_RecordsAndReadsBackASession()
    {
        packed.AssertPackSucceededWithoutWarning();
        // The sample beside the packages, as in the repository; a cache of its own so every package is restored anew
        // (a package cached earlier under the same version would otherwise be taken instead).
        var sample = Path.Combine(packed.Root, "samples", "IntroPackageConsumer");
        CopySample(Path.Combine(RepoPaths.Root, "samples", "IntroPackageConsumer"), sample);
        var cache = Path.Combine(packed.Root, "nuget-packages");

        var run = await ChildProcess.RunAsync(
            "dotnet",
            ["run", "-c", "Release", $"-p:InterviewLMRecordingVersion={PackedPackages.Version}"],
            sample,
            new Dictionary<string, string> { ["NUGET_PACKAGES"] = cache });

        Assert.True(run.ExitCode == 0, run.Output);
        var line = Assert.Single(run.Output.Split('\n'), l => l.StartsWith("package consumer: ", StringComparison.Ordinal));
        Assert.StartsWith("package consumer: sess_pkg read back 5 events: session_start file_created text_edit marker session_end; objects: events.jsonl.gz files/f1.diffs files/f1.hash index.json metadata.json", line, StringComparison.Ordinal);

        // Restored from this pack's folder: the one package folder is the fresh cache, and every package of ours in it is
        // byte for byte the one eng/pack.sh made.
        using var assets = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(sample, "obj", "project.assets.json")));
        var folders = assets.RootElement.GetProperty("packageFolders").EnumerateObject().Select(p => Path.TrimEndingDirectorySeparator(Path.GetFullPath(p.Name))).ToList();
        Assert.Equal([Path.GetFullPath(cache)], folders);
        foreach (var id in PackedPackages.ExpectedIds.Where(id => id != "ilmrec"))
        {
            var restored = Path.Combine(cache, id.ToLowerInvariant(), PackedPackages.Version, $"{id.ToLowerInvariant()}.{PackedPackages.Version}.nupkg.sha512");
            Assert.True(File.Exists(restored), $"{id} was not restored into {cache}");
            var packedHash = Convert.ToBase64String(SHA512.HashData(await File.ReadAllBytesAsync(packed.PackagePath(id))));
            Assert.Equal(packedHash, (await File.ReadAllTextAsync(restored)).Trim());
        }
    }

    [Fact]
    public async Task Ilmrec_InstalledFromTheLocalFolder_RecordsAndVerifiesTheDemoSession()
    {
        packed.AssertPackSucceededWithoutWarning();
        // The tool package carries its dependencies, so the local folder alone serves the install.
        var config = Path.Combine(packed.Root, "tool-nuget.config");
        await File.WriteAllTextAsync(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{packed.PackageFolder}" />
              </packageSources>
            </configuration>
            """);
        var tools = Path.Combine(packed.Root, "tools");
        var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(packed.Root, "tool-packages") };

        var install = await ChildProcess.RunAsync(
            "dotnet", ["tool", "install", "ilmrec", "--version", PackedPackages.Version, "--tool-path", tools, "--configfile", config], packed.Root, environment);
        Assert.True(install.ExitCode == 0, install.Output);

        var ilmrec = Path.Combine(tools, "ilmrec");
        var demo = await ChildProcess.RunAsync(ilmrec, ["demo", "--out", "demo-session"], packed.Root, timeoutSeconds: 120);
        Assert.True(demo.ExitCode == 0, demo.Output);
        var verify = await ChildProcess.RunAsync(ilmrec, ["verify", "demo-session"], packed.Root, timeoutSeconds: 120);
        Assert.True(verify.ExitCode == 0, verify.Output);
        Assert.StartsWith("intact", verify.Output, StringComparison.Ordinal);
    }

    private static void CopySample(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.Split(Path.DirectorySeparatorChar)[0] is "bin" or "obj")
            {
                continue;
            }

            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
