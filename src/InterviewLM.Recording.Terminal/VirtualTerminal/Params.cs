namespace InterviewLM.Recording.Terminal;

/// <summary>CSI parameters with sub-parameters (<c>38:2:r:g:b</c>), zero-default like xterm.js's <c>Params</c>.</summary>
internal sealed class Params
{
    public const int MaxParams = 32;
    private const int MaxSubParams = 32;
    private const int MaxValue = int.MaxValue;

    private readonly int[] _values = new int[MaxParams];
    private readonly int[] _subStart = new int[MaxParams];
    private readonly int[] _subEnd = new int[MaxParams];
    private readonly int[] _subValues = new int[MaxSubParams];
    private int _subLength;
    private bool _digitIsSub;
    private bool _rejectDigits;
    private bool _rejectSubDigits;

    public int Length { get; private set; }

    public int this[int index] => index < Length ? _values[index] : 0;

    /// <summary>Resets to one zero parameter (xterm.js's ZDM reset).</summary>
    public void Reset()
    {
        Length = 0;
        _subLength = 0;
        _digitIsSub = false;
        _rejectDigits = false;
        _rejectSubDigits = false;
        AddParam(0);
    }

    public void AddParam(int value)
    {
        _digitIsSub = false;
        if (Length >= MaxParams)
        {
            _rejectDigits = true;
            return;
        }

        _subStart[Length] = _subLength;
        _subEnd[Length] = _subLength;
        _values[Length++] = value;
    }

    public void AddSubParam(int value)
    {
        _digitIsSub = true;
        if (Length == 0)
        {
            return;
        }

        if (_rejectDigits || _subLength >= MaxSubParams)
        {
            _rejectSubDigits = true;
            return;
        }

        _subValues[_subLength++] = value;
        _subEnd[Length - 1]++;
    }

    public void AddDigit(int digit)
    {
        if (_rejectDigits || Length == 0 || (_digitIsSub && (_rejectSubDigits || _subLength == 0)))
        {
            return;
        }

        if (_digitIsSub)
        {
            ref var sub = ref _subValues[_subLength - 1];
            sub = sub == -1 ? digit : (int)Math.Min(((long)sub * 10) + digit, MaxValue);
        }
        else
        {
            ref var value = ref _values[Length - 1];
            value = (int)Math.Min(((long)value * 10) + digit, MaxValue);
        }
    }

    /// <summary>Sets the last parameter's value (the fast CSI path accumulates digits itself).</summary>
    public void SetLast(int value) => _values[Length - 1] = value;

    public bool HasSubParams(int index) => index < Length && _subEnd[index] > _subStart[index];

    public ReadOnlySpan<int> SubParams(int index) =>
        index < Length ? _subValues.AsSpan(_subStart[index], _subEnd[index] - _subStart[index]) : [];

    public void WriteTo(SnapshotWriter writer)
    {
        writer.WriteVarint(Length);
        for (var i = 0; i < Length; i++)
        {
            writer.WriteVarint(_values[i]);
            writer.WriteVarint(_subStart[i]);
            writer.WriteVarint(_subEnd[i]);
        }

        writer.WriteVarint(_subLength);
        for (var i = 0; i < _subLength; i++)
        {
            writer.WriteVarint(_subValues[i] + 1);
        }

        writer.WriteByte((byte)((_digitIsSub ? 1 : 0) | (_rejectDigits ? 2 : 0) | (_rejectSubDigits ? 4 : 0)));
    }

    public void ReadFrom(ref SnapshotReader reader)
    {
        Length = reader.ReadVarint(MaxParams);
        for (var i = 0; i < Length; i++)
        {
            _values[i] = reader.ReadVarint(int.MaxValue);
            _subStart[i] = reader.ReadVarint(MaxSubParams);
            _subEnd[i] = reader.ReadVarint(MaxSubParams);
        }

        _subLength = reader.ReadVarint(MaxSubParams);
        for (var i = 0; i < _subLength; i++)
        {
            _subValues[i] = reader.ReadVarint(int.MaxValue) - 1;
        }

        for (var i = 0; i < Length; i++)
        {
            if (_subStart[i] > _subEnd[i] || _subEnd[i] > _subLength)
            {
                throw new FormatException("The screen snapshot holds invalid escape sequence parameters.");
            }
        }

        var flags = reader.ReadByte();
        _digitIsSub = (flags & 1) != 0;
        _rejectDigits = (flags & 2) != 0;
        _rejectSubDigits = (flags & 4) != 0;
    }

    public void CopyFrom(Params other)
    {
        Length = other.Length;
        other._values.AsSpan().CopyTo(_values);
        other._subStart.AsSpan().CopyTo(_subStart);
        other._subEnd.AsSpan().CopyTo(_subEnd);
        other._subValues.AsSpan().CopyTo(_subValues);
        _subLength = other._subLength;
        _digitIsSub = other._digitIsSub;
        _rejectDigits = other._rejectDigits;
        _rejectSubDigits = other._rejectSubDigits;
    }
}
