namespace InterviewLM.Recording.Terminal;

/// <content>The VT500 parser (Paul Williams' state machine, with xterm.js's transition table).</content>
public sealed partial class VirtualTerminal
{
    private const int MaxOscLength = 10_000_000;

    private enum ParserState : byte
    {
        Ground,
        Escape,
        EscapeIntermediate,
        CsiEntry,
        CsiParam,
        CsiIntermediate,
        CsiIgnore,
        SosPmApcString,
        OscString,
        DcsEntry,
        DcsParam,
        DcsIgnore,
        DcsIntermediate,
        DcsPassthrough,
    }

    private void Parse(ReadOnlySpan<char> data)
    {
        var i = 0;
        var length = data.Length;
        while (i < length)
        {
            int code = data[i];
            if (_state == ParserState.Ground)
            {
                if (code >= 0x20 && code != 0x7f && (code < 0x80 || code >= 0xa0))
                {
                    // A run of printable characters (surrogate pairs included; controls end the run).
                    var j = i + 1;
                    while (j < length)
                    {
                        int c = data[j];
                        if (c < 0x20 || (c >= 0x7f && c < 0xa0))
                        {
                            break;
                        }

                        j++;
                    }

                    Print(data[i..j]);
                    i = j;
                    continue;
                }
                else if (code == 0x1b && i + 2 < length && data[i + 1] == '[' && TryFastCsi(data, i + 2, out var consumed))
                {
                    i += 2 + consumed;
                    continue;
                }
            }
            else if (_state == ParserState.OscString && code >= 0x20 && code != 0x9c && (code < 0x80 || code >= 0xa0))
            {
                var j = i + 1;
                while (j < length)
                {
                    int c = data[j];
                    if (c < 0x20 || (c >= 0x80 && c < 0xa0))
                    {
                        break;
                    }

                    j++;
                }

                if (_osc.Length + (j - i) <= MaxOscLength)
                {
                    _osc.Append(data[i..j]);
                }

                i = j;
                continue;
            }

            Step(code);
            i++;
        }
    }

    /// <summary>Handles one code unit in the current state (anything but ground printables and OSC text runs).</summary>
    private void Step(int code)
    {
        // Transitions that apply in every state (xterm.js VT500_TRANSITION_TABLE "for state in states").
        if (code == 0x1b)
        {
            EndString(success: true);
            Clear();
            _state = ParserState.Escape;
            return;
        }

        if (code == 0x18 || code == 0x1a)
        {
            if (_state is ParserState.OscString or ParserState.DcsPassthrough)
            {
                EndString(success: false);
            }
            else
            {
                Execute(code);
            }

            _state = ParserState.Ground;
            return;
        }

        if (code >= 0x80 && code < 0xa0)
        {
            switch (code)
            {
                case 0x9c:
                    EndString(success: true);
                    _state = ParserState.Ground;
                    return;
                case 0x9d:
                    _osc.Clear();
                    _state = ParserState.OscString;
                    return;
                case 0x9b:
                    Clear();
                    _state = ParserState.CsiEntry;
                    return;
                case 0x90:
                    Clear();
                    _state = ParserState.DcsEntry;
                    return;
                case 0x98 or 0x9e or 0x9f:
                    _state = ParserState.SosPmApcString;
                    return;
                default:
                    _osc.Clear();
                    Execute(code);
                    _state = ParserState.Ground;
                    return;
            }
        }

        var executable = code < 0x20;
        switch (_state)
        {
            case ParserState.Ground:
                if (executable)
                {
                    Execute(code);
                }

                // 0x7f and stray code points are ignored.
                return;

            case ParserState.Escape:
                if (executable)
                {
                    Execute(code);
                }
                else if (code >= 0x20 && code < 0x30)
                {
                    _collect = (_collect << 8) | code;
                    _state = ParserState.EscapeIntermediate;
                }
                else if (code == 0x5b)
                {
                    Clear();
                    _state = ParserState.CsiEntry;
                }
                else if (code == 0x5d)
                {
                    _osc.Clear();
                    _state = ParserState.OscString;
                }
                else if (code == 0x50)
                {
                    Clear();
                    _state = ParserState.DcsEntry;
                }
                else if (code is 0x58 or 0x5e or 0x5f)
                {
                    _state = ParserState.SosPmApcString;
                }
                else if (code >= 0x30 && code < 0x7f)
                {
                    _state = ParserState.Ground;
                    EscDispatch(code);
                }
                else if (code != 0x7f)
                {
                    _state = ParserState.Ground;
                }

                return;

            case ParserState.EscapeIntermediate:
                if (executable)
                {
                    Execute(code);
                }
                else if (code >= 0x20 && code < 0x30)
                {
                    _collect = (_collect << 8) | code;
                }
                else if (code >= 0x30 && code < 0x7f)
                {
                    _state = ParserState.Ground;
                    EscDispatch(code);
                }
                else if (code != 0x7f)
                {
                    _state = ParserState.Ground;
                }

                return;

            case ParserState.CsiEntry:
            case ParserState.CsiParam:
                if (executable)
                {
                    Execute(code);
                }
                else if (code >= 0x30 && code < 0x3c)
                {
                    AddParamChar(code);
                    _state = ParserState.CsiParam;
                }
                else if (code >= 0x3c && code < 0x40)
                {
                    if (_state == ParserState.CsiEntry)
                    {
                        _collect = (_collect << 8) | code;
                        _state = ParserState.CsiParam;
                    }
                    else
                    {
                        _state = ParserState.CsiIgnore;
                    }
                }
                else if (code >= 0x20 && code < 0x30)
                {
                    _collect = (_collect << 8) | code;
                    _state = ParserState.CsiIntermediate;
                }
                else if (code >= 0x40 && code < 0x7f)
                {
                    _state = ParserState.Ground;
                    CsiDispatch(code);
                }
                else if (code != 0x7f)
                {
                    _state = ParserState.Ground;
                }

                return;

            case ParserState.CsiIntermediate:
                if (executable)
                {
                    Execute(code);
                }
                else if (code >= 0x20 && code < 0x30)
                {
                    _collect = (_collect << 8) | code;
                }
                else if (code >= 0x30 && code < 0x40)
                {
                    _state = ParserState.CsiIgnore;
                }
                else if (code >= 0x40 && code < 0x7f)
                {
                    _state = ParserState.Ground;
                    CsiDispatch(code);
                }
                else if (code != 0x7f)
                {
                    _state = ParserState.Ground;
                }

                return;

            case ParserState.CsiIgnore:
                if (executable)
                {
                    Execute(code);
                }
                else if (code >= 0x40 && code < 0x7f)
                {
                    _state = ParserState.Ground;
                }

                return;

            case ParserState.SosPmApcString:
                if (code >= 0xa0)
                {
                    _state = ParserState.Ground;
                }

                return;

            case ParserState.OscString:
                if (code == 0x07)
                {
                    EndString(success: true);
                    _state = ParserState.Ground;
                }

                // Other C0 controls are ignored inside OSC.
                return;

            case ParserState.DcsEntry:
            case ParserState.DcsParam:
            case ParserState.DcsIntermediate:
                if (executable || code == 0x7f)
                {
                    return;
                }

                if (code >= 0x40 && code < 0x7f)
                {
                    _state = ParserState.DcsPassthrough;
                }
                else if (code >= 0xa0)
                {
                    _state = ParserState.Ground;
                }
                else if (_state == ParserState.DcsEntry && code >= 0x20 && code < 0x30)
                {
                    _state = ParserState.DcsIntermediate;
                }
                else if (_state == ParserState.DcsIntermediate && code >= 0x30 && code < 0x40)
                {
                    _state = ParserState.DcsIgnore;
                }
                else if (_state == ParserState.DcsParam && code >= 0x3c && code < 0x40)
                {
                    _state = ParserState.DcsIgnore;
                }
                else if (code >= 0x20 && code < 0x30)
                {
                    _state = ParserState.DcsIntermediate;
                }
                else
                {
                    _state = _state == ParserState.DcsIntermediate ? ParserState.DcsIntermediate : ParserState.DcsParam;
                }

                return;

            default:
                // DCS passthrough and ignore: the payload has no effect on the screen.
                return;
        }
    }

    /// <summary>
    /// Parses and dispatches a complete CSI sequence with plain numeric parameters in one go (the common case); returns
    /// <see langword="false"/> without side effects on anything unusual, for the state machine to handle.
    /// </summary>
    private bool TryFastCsi(ReadOnlySpan<char> data, int start, out int consumed)
    {
        consumed = 0;
        var j = start;
        var collect = 0;
        int c = data[j];
        if (c >= 0x3c && c <= 0x3f)
        {
            collect = c;
            if (++j >= data.Length)
            {
                return false;
            }

            c = data[j];
        }

        var p = _params;
        p.Reset();
        var value = 0;
        var count = 1;
        while (true)
        {
            if (c >= '0' && c <= '9')
            {
                value = (int)Math.Min(((long)value * 10) + (c - '0'), int.MaxValue);
            }
            else if (c == ';')
            {
                if (++count > Params.MaxParams)
                {
                    return false;
                }

                p.SetLast(value);
                p.AddParam(0);
                value = 0;
            }
            else
            {
                break;
            }

            if (++j >= data.Length)
            {
                return false;
            }

            c = data[j];
        }

        if (c < 0x40 || c > 0x7e)
        {
            return false;
        }

        p.SetLast(value);
        _collect = collect;
        _state = ParserState.Ground;
        CsiDispatch(c);
        consumed = j + 1 - start;
        return true;
    }

    private void Clear()
    {
        _params.Reset();
        _collect = 0;
    }

    private void AddParamChar(int code)
    {
        switch (code)
        {
            case 0x3b:
                _params.AddParam(0);
                break;
            case 0x3a:
                _params.AddSubParam(-1);
                break;
            default:
                _params.AddDigit(code - 0x30);
                break;
        }
    }

    /// <summary>Ends an OSC or DCS string when ESC, ST, CAN or SUB arrives inside it.</summary>
    private void EndString(bool success)
    {
        if (_state == ParserState.OscString)
        {
            if (success)
            {
                OscDispatch();
            }

            _osc.Clear();
            _params.Reset();
            _collect = 0;
            _precedingJoinState = 0;
        }
        else if (_state == ParserState.DcsPassthrough)
        {
            _params.Reset();
            _collect = 0;
            _precedingJoinState = 0;
        }
    }

    private void OscDispatch()
    {
        // "Ps ; Pt": the id is digits only (xterm.js aborts on anything else before ';').
        var id = 0;
        var i = 0;
        for (; i < _osc.Length && _osc[i] != ';'; i++)
        {
            var c = _osc[i];
            if (c < '0' || c > '9' || i > 8)
            {
                return;
            }

            id = (id * 10) + (c - '0');
        }

        if (i == 0 || i >= _osc.Length)
        {
            return;
        }

        if (id is 0 or 2)
        {
            Title = _osc.ToString(i + 1, _osc.Length - i - 1);
        }
    }
}
