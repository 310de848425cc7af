using System.Reflection;
using System.Text.RegularExpressions;
using InterviewLM.Recording.Packaging.Tests.Infrastructure;
using InterviewLM.Recording.TestUtils;

namespace InterviewLM.Recording.Packaging.Tests;

/// <summary>
/// Runs <c>eng/pack.sh</c> once for the tests that share it, into a temporary folder laid out as the repository is
/// (<c>artifacts/packages</c>), so a copy of <c>samples/IntroPackageConsumer</c> beside it finds the packages where its
/// nuget.config says. A failed pack is recorded, not thrown, so each test fails with the pack's output.
/// </summary>
public sealed partial class PackedPackages : IAsyncLifetime
{
    /// <summary>Gets every package eng/pack.sh makes: one per project under src/.</summary>
    public static IReadOnlyList<string> ExpectedIds { get; } =
    [
        "InterviewLM.Recording.Core", "InterviewLM.Recording.Storage", "InterviewLM.Recording.Storage.Protobuf",
        "InterviewLM.Recording.Diff", "InterviewLM.Recording.Terminal",
        "InterviewLM.Recording.Replay", "InterviewLM.Recording.Claude", "InterviewLM.Recording.Testing", "InterviewLM.Recording.Hosting", "ilmrec",
    ];

    /// <summary>Gets the packages' version, the repository's <c>&lt;Version&gt;</c>.</summary>
    public static string Version { get; } = typeof(PackedPackages).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "PackageVersion").Value!;

    /// <summary>Gets the temporary folder that stands in for the repository root.</summary>
    public string Root { get; } = Directory.CreateTempSubdirectory("ilmrec-packaging-").FullName;

    /// <summary>Gets the folder eng/pack.sh filled.</summary>
    public string PackageFolder => Path.Combine(Root, "artifacts", "packages");

    /// <summary>Gets what eng/pack.sh printed and its exit code.</summary>
    internal ChildProcess.Result Pack { get; private set; } = new(-1, "eng/pack.sh did not run");

    /// <summary>Gets the lines of the pack's output that carry a warning.</summary>
    public IReadOnlyList<string> PackWarnings => Pack.Output.Split('\n').Where(l => WarningPattern().IsMatch(l)).ToList();

    /// <summary>Fails the calling test unless eng/pack.sh succeeded without a warning.</summary>
    public void AssertPackSucceededWithoutWarning()
    {
        Assert.True(Pack.ExitCode == 0, $"eng/pack.sh exited with {Pack.ExitCode}:\n{Pack.Output}");
        Assert.True(PackWarnings.Count == 0, "eng/pack.sh warned:\n" + string.Join('\n', PackWarnings));
    }

    /// <summary>Gets the path of the package with the given id in <see cref="PackageFolder"/>.</summary>
    public string PackagePath(string id, string extension = ".nupkg") => Path.Combine(PackageFolder, $"{id}.{Version}{extension}");

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        var script = Path.Combine(RepoPaths.Root, "eng", "pack.sh");
        // The pack compiles every library while the other test assemblies run on the same two cores: it runs at a lower
        // priority, and compiles in its own (lower-priority) processes rather than in a shared compiler server.
        Pack = await ChildProcess.RunAsync(
            "nice", ["-n", "10", "bash", script, PackageFolder], RepoPaths.Root, new Dictionary<string, string> { ["UseSharedCompilation"] = "false" });
    }

    /// <inheritdoc/>
    public Task DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        return Task.CompletedTask;
    }

    [GeneratedRegex(@"\bwarning\b", RegexOptions.IgnoreCase)]
    private static partial Regex WarningPattern();
}
