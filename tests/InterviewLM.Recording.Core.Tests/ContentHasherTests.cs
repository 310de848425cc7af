namespace InterviewLM.Recording.Core.Tests;

public sealed class ContentHasherTests
{
    [Fact]
    public void Hash_KnownText_MatchesSha256OfUtf8()
    {
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", ContentHasher.Hash(string.Empty));
        Assert.Equal(
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("naïve 😀\r\n"))),
            ContentHasher.Hash("naïve 😀\r\n"));
    }

    [Fact]
    public void EquatableArray_ComparesByElements()
    {
        EquatableArray<string> a = new[] { "x", "y" };
        EquatableArray<string> b = new[] { "x", "y" };
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, (EquatableArray<string>)new[] { "x" });
        Assert.Equal(new TextEdited("f", new[] { new TextChange(1, 2, "t") }), new TextEdited("f", new[] { new TextChange(1, 2, "t") }));
    }
}
