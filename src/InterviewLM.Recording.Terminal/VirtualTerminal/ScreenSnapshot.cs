namespace InterviewLM.Recording.Terminal;

/// <summary>
/// Represents the complete state of a <see cref="VirtualTerminal"/> (text, attributes, cursor, modes, scroll region,
/// tab stops, character sets, both screens and any half-parsed escape sequence) in a compact binary form.
/// </summary>
/// <remarks>
/// A seek index stores these as keyframes: <see cref="VirtualTerminal.FromSnapshot"/> rebuilds a terminal that behaves
/// exactly like the one captured, for all further output. Instances are immutable and thread-safe.
/// </remarks>
public sealed class ScreenSnapshot : IEquatable<ScreenSnapshot>
{
    internal const uint Magic = 0x54564C49; // "ILVT"
    internal const byte Version = 1;

    private readonly byte[] _data;

    internal ScreenSnapshot(byte[] data, int columns, int rows)
    {
        _data = data;
        Columns = columns;
        Rows = rows;
    }

    /// <summary>Gets the screen width in cells.</summary>
    public int Columns { get; }

    /// <summary>Gets the screen height in lines.</summary>
    public int Rows { get; }

    /// <summary>Gets the serialized form.</summary>
    public ReadOnlyMemory<byte> Data => _data;

    /// <summary>Gets the size of the serialized form in bytes.</summary>
    public int Length => _data.Length;

    /// <summary>Returns a copy of the serialized form.</summary>
    /// <returns>The bytes that <see cref="Deserialize"/> reads back.</returns>
    public byte[] Serialize() => (byte[])_data.Clone();

    /// <summary>Reads a snapshot written by <see cref="Serialize"/>, validating it completely.</summary>
    /// <param name="data">The serialized snapshot.</param>
    /// <returns>The snapshot.</returns>
    /// <exception cref="FormatException"><paramref name="data"/> is not a valid snapshot.</exception>
    public static ScreenSnapshot Deserialize(ReadOnlySpan<byte> data)
    {
        var copy = data.ToArray();
        var terminal = VirtualTerminal.Decode(copy);
        return new ScreenSnapshot(copy, terminal.Columns, terminal.Rows);
    }

    /// <inheritdoc/>
    public bool Equals(ScreenSnapshot? other) => other is not null && _data.AsSpan().SequenceEqual(other._data);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ScreenSnapshot);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.AddBytes(_data);
        return hash.ToHashCode();
    }
}
