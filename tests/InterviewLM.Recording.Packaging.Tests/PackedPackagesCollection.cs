namespace InterviewLM.Recording.Packaging.Tests;

/// <summary>The tests that share one run of eng/pack.sh; they run one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class PackedPackagesCollection : ICollectionFixture<PackedPackages>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "packed packages";
}
