using System.Buffers;
using System.Text;

namespace InterviewLM.Recording.Terminal;

/// <summary>Writes the compact binary snapshot format: LEB128 varints, little-endian words, UTF-8 strings.</summary>
internal sealed class SnapshotWriter
{
    private readonly ArrayBufferWriter<byte> _buffer;

    public SnapshotWriter(int capacity) => _buffer = new ArrayBufferWriter<byte>(capacity);

    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    public void WriteByte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }

    public void WriteVarint(long value) => WriteVarint((ulong)value);

    public void WriteVarint(ulong value)
    {
        var span = _buffer.GetSpan(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        _buffer.Advance(i);
    }

    public void WriteUInt32(uint value)
    {
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    public void WriteString(string value)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        WriteVarint(count);
        Encoding.UTF8.GetBytes(value, _buffer.GetSpan(count));
        _buffer.Advance(count);
    }
}
