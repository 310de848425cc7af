using System.Globalization;
using System.Text;
using InterviewLM.Recording.Terminal;

namespace InterviewLM.Recording.Cli.Commands;

/// <summary>Draws a restored screen on a real terminal at once (for seeking in <c>ilmrec play</c>).</summary>
/// <remarks>Text, cursor, alternate screen and cursor visibility are drawn; colours and attributes are not (yet).</remarks>
internal static class ScreenRedraw
{
    public static byte[] Render(VirtualTerminal? terminal)
    {
        var output = new StringBuilder("\u001bc");
        if (terminal is not null)
        {
            var screen = terminal.GetScreenText();
            if (screen.IsAlternateScreen)
            {
                output.Append("\u001b[?1049h");
            }

            for (var row = 0; row < screen.Lines.Count; row++)
            {
                output.Append(CultureInfo.InvariantCulture, $"\u001b[{row + 1};1H").Append(screen.Lines[row]);
            }

            output.Append(CultureInfo.InvariantCulture, $"\u001b[{screen.CursorY + 1};{screen.CursorX + 1}H");
            if (!terminal.IsCursorVisible)
            {
                output.Append("\u001b[?25l");
            }
        }

        return Encoding.UTF8.GetBytes(output.ToString());
    }
}
