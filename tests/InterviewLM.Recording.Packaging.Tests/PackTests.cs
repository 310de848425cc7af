using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using InterviewLM.Recording.TestUtils;

namespace InterviewLM.Recording.Packaging.Tests;

/// <summary>What eng/pack.sh puts in the local package folder.</summary>
[Collection(PackedPackagesCollection.Name)]
public sealed class PackTests(PackedPackages packed)
{
    [Fact]
    public void Pack_EveryProjectUnderSrc_MakesItsPackageWithoutAWarning()
    {
        packed.AssertPackSucceededWithoutWarning();
        Assert.Equal(Directory.GetFiles(Path.Combine(RepoPaths.Root, "src"), "*.csproj", SearchOption.AllDirectories).Length, PackedPackages.ExpectedIds.Count);
        var made = Directory.GetFiles(packed.PackageFolder, "*.nupkg").Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(PackedPackages.ExpectedIds.Select(id => $"{id}.{PackedPackages.Version}.nupkg").Order(StringComparer.Ordinal), made);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Pack_Package_CarriesReadmeDescriptionXmlDocsAndASymbolPackage(string id)
    {
        packed.AssertPackSucceededWithoutWarning();
        using var package = ZipFile.OpenRead(packed.PackagePath(id));
        var entries = package.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("README.md", entries);
        var metadata = Nuspec(package, id);
        Assert.Equal("README.md", Element(metadata, "readme"));
        Assert.False(string.IsNullOrWhiteSpace(Element(metadata, "description")), $"{id} has no description");
        Assert.NotEqual("Package Description", Element(metadata, "description"));
        Assert.False(string.IsNullOrWhiteSpace(Element(metadata, "tags")), $"{id} has no tags");

        var assemblies = OwnAssemblies(entries).ToList();
        Assert.Contains(id == "ilmrec" ? $"tools/net10.0/any/ilmrec.dll" : $"lib/net10.0/{id}.dll", assemblies);
        foreach (var assembly in assemblies)
        {
            Assert.Contains(Path.ChangeExtension(assembly, ".xml"), entries);
        }

        var symbolsPath = packed.PackagePath(id, ".snupkg");
        Assert.True(File.Exists(symbolsPath), $"no {Path.GetFileName(symbolsPath)} beside {id}'s package");
        using var symbols = ZipFile.OpenRead(symbolsPath);
        var pdbs = symbols.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
        foreach (var assembly in assemblies)
        {
            Assert.Contains(Path.ChangeExtension(assembly, ".pdb"), pdbs);
        }
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Pack_Package_IsBuiltReproduciblyWithNoMachinePath(string id)
    {
        packed.AssertPackSucceededWithoutWarning();
        using var package = ZipFile.OpenRead(packed.PackagePath(id));
        using var symbols = ZipFile.OpenRead(packed.PackagePath(id, ".snupkg"));
        foreach (var assembly in OwnAssemblies(package.Entries.Select(e => e.FullName)))
        {
            using var pe = new PEReader(Read(package, assembly));
            var debug = pe.ReadDebugDirectory();
            Assert.Contains(debug, e => e.Type == DebugDirectoryEntryType.Reproducible);
            var codeView = pe.ReadCodeViewDebugDirectoryData(debug.Single(e => e.Type == DebugDirectoryEntryType.CodeView));
            Assert.StartsWith("/_/", codeView.Path, StringComparison.Ordinal);

            using var pdb = MetadataReaderProvider.FromPortablePdbStream(Read(symbols, Path.ChangeExtension(assembly, ".pdb")));
            var reader = pdb.GetMetadataReader();
            var unmapped = reader.Documents.Select(d => reader.GetString(reader.GetDocument(d).Name)).Where(n => !n.StartsWith("/_/", StringComparison.Ordinal)).ToList();
            Assert.True(unmapped.Count == 0, $"{assembly}'s PDB names machine paths: {string.Join(", ", unmapped)}");
        }
    }

    public static TheoryData<string> Ids() => new(PackedPackages.ExpectedIds);

    // The repository's own assemblies in a package; a tool package carries its third-party dependencies too.
    private static IEnumerable<string> OwnAssemblies(IEnumerable<string> entries) => entries.Where(e =>
        e.EndsWith(".dll", StringComparison.Ordinal) && Path.GetFileName(e) is var name
        && (name.StartsWith("InterviewLM.Recording.", StringComparison.Ordinal) || name == "ilmrec.dll"));

    private static XElement Nuspec(ZipArchive package, string id)
    {
        using var stream = package.GetEntry($"{id}.nuspec")!.Open();
        return XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
    }

    private static string? Element(XElement metadata, string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;

    private static MemoryStream Read(ZipArchive archive, string entry)
    {
        var copy = new MemoryStream();
        using (var stream = archive.GetEntry(entry)!.Open())
        {
            stream.CopyTo(copy);
        }

        copy.Position = 0;
        return copy;
    }
}
