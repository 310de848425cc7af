using System.Globalization;

namespace InterviewLM.Recording.Terminal;

/// <summary>Represents one asciicast event at an absolute time since the start of the recording, whatever the file's version.</summary>
/// <param name="Time">The time since the start of the recording (v1 and v3 intervals are accumulated by the reader).</param>
/// <param name="Code">The event code, usually one of <see cref="AsciicastEventCodes"/>.</param>
/// <param name="Data">The event data.</param>
public readonly record struct AsciicastEvent(TimeSpan Time, string Code, string Data)
{
    /// <summary>Reads the size of a resize event.</summary>
    /// <param name="columns">The number of columns.</param>
    /// <param name="rows">The number of rows.</param>
    /// <returns><see langword="true"/> if this is a resize event whose data is <c>COLSxROWS</c> with both positive.</returns>
    public bool TryGetSize(out int columns, out int rows)
    {
        columns = 0;
        rows = 0;
        if (Code != AsciicastEventCodes.Resize || Data is null)
        {
            return false;
        }

        var x = Data.IndexOf('x', StringComparison.Ordinal);
        return x > 0
            && int.TryParse(Data.AsSpan(0, x), NumberStyles.None, CultureInfo.InvariantCulture, out columns)
            && int.TryParse(Data.AsSpan(x + 1), NumberStyles.None, CultureInfo.InvariantCulture, out rows)
            && columns > 0 && rows > 0;
    }

    /// <summary>Reads the exit status of an exit event.</summary>
    /// <param name="exitStatus">The exit status.</param>
    /// <returns><see langword="true"/> if this is an exit event whose data is an integer.</returns>
    public bool TryGetExitStatus(out int exitStatus)
    {
        exitStatus = 0;
        return Code == AsciicastEventCodes.Exit && Data is not null
            && int.TryParse(Data, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exitStatus);
    }
}
