using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace InterviewLM.Recording;

/// <summary>Computes the content hashes stored in code snapshots: lowercase hex SHA-256 of the UTF-8 bytes.</summary>
public static class ContentHasher
{
    /// <summary>Computes the hash of <paramref name="content"/>.</summary>
    /// <param name="content">The file content.</param>
    /// <returns>64 lowercase hex digits.</returns>
    public static string Hash(ReadOnlySpan<char> content)
    {
        var byteCount = Encoding.UTF8.GetByteCount(content);
        var rented = ArrayPool<byte>.Shared.Rent(byteCount);
        try
        {
            var written = Encoding.UTF8.GetBytes(content, rented);
            return Hash(rented.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Computes the hash of UTF-8 <paramref name="utf8Content"/>.</summary>
    /// <param name="utf8Content">The file content as UTF-8.</param>
    /// <returns>64 lowercase hex digits.</returns>
    public static string Hash(ReadOnlySpan<byte> utf8Content)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8Content, digest);
        return Convert.ToHexStringLower(digest);
    }
}
