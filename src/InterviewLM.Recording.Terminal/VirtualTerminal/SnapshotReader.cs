using System.Text;

namespace InterviewLM.Recording.Terminal;

/// <summary>Reads the format <see cref="SnapshotWriter"/> writes; every malformed input ends in a <see cref="FormatException"/>.</summary>
internal ref struct SnapshotReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public SnapshotReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    public readonly bool AtEnd => _position == _data.Length;

    public byte ReadByte()
    {
        if (_position >= _data.Length)
        {
            throw Truncated();
        }

        return _data[_position++];
    }

    public ulong ReadVarint64()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = ReadByte();
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new FormatException("The screen snapshot holds a malformed number.");
    }

    public int ReadVarint(int max)
    {
        var value = ReadVarint64();
        if (value > (ulong)max)
        {
            throw new FormatException($"The screen snapshot holds {value} where at most {max} is allowed.");
        }

        return (int)value;
    }

    public uint ReadUInt32()
    {
        if (_position + 4 > _data.Length)
        {
            throw Truncated();
        }

        var value = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(_data.Slice(_position, 4));
        _position += 4;
        return value;
    }

    public string ReadString(int maxBytes)
    {
        var count = ReadVarint(maxBytes);
        if (_position + count > _data.Length)
        {
            throw Truncated();
        }

        var value = Encoding.UTF8.GetString(_data.Slice(_position, count));
        _position += count;
        return value;
    }

    private static FormatException Truncated() => new("The screen snapshot is truncated.");
}
