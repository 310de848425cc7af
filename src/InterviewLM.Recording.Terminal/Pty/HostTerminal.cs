using System.ComponentModel;
using System.Runtime.InteropServices;

namespace InterviewLM.Recording.Terminal;

/// <summary>Gets the state of the terminal this process runs in, for interactive recording and playback.</summary>
/// <remarks>Linux; on other systems every query reports "not a terminal".</remarks>
public static class HostTerminal
{
    /// <summary>The standard input descriptor.</summary>
    public const int StandardInput = 0;

    /// <summary>The standard output descriptor.</summary>
    public const int StandardOutput = 1;

    /// <summary>Gets a value indicating whether a descriptor is a terminal.</summary>
    /// <param name="fd">The descriptor (0 for standard input).</param>
    /// <returns><see langword="true"/> if it is a terminal.</returns>
    public static bool IsTerminal(int fd) => OperatingSystem.IsLinux() && LibC.isatty(fd) == 1;

    /// <summary>Reads a terminal's size.</summary>
    /// <param name="fd">The descriptor (1 for standard output).</param>
    /// <param name="columns">The width.</param>
    /// <param name="rows">The height.</param>
    /// <returns><see langword="true"/> if <paramref name="fd"/> is a terminal with a known, non-zero size.</returns>
    public static unsafe bool TryGetSize(int fd, out int columns, out int rows)
    {
        columns = rows = 0;
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        LibC.WinSize size;
        if (LibC.ioctl(fd, LibC.TIOCGWINSZ, &size) != 0 || size.Columns == 0 || size.Rows == 0)
        {
            return false;
        }

        columns = size.Columns;
        rows = size.Rows;
        return true;
    }

    /// <summary>Puts a terminal in raw mode (no echo, no line editing, no signals from keys, bytes as typed) until disposed.</summary>
    /// <param name="fd">The descriptor (0 for standard input).</param>
    /// <returns>An object whose disposal restores the previous settings; dispose it on every exit path.</returns>
    /// <exception cref="Win32Exception"><paramref name="fd"/> is not a terminal or its settings cannot be changed.</exception>
    public static unsafe IDisposable EnterRawMode(int fd)
    {
        var saved = new byte[256];
        var raw = new byte[256];
        fixed (byte* s = saved)
        fixed (byte* r = raw)
        {
            if (LibC.tcgetattr(fd, s) != 0)
            {
                throw LastError("tcgetattr");
            }

            saved.AsSpan().CopyTo(raw);
            LibC.cfmakeraw(r);
            if (LibC.tcsetattr(fd, LibC.TCSADRAIN, r) != 0)
            {
                throw LastError("tcsetattr");
            }
        }

        return new RawModeScope(fd, saved);
    }

    private static Win32Exception LastError(string call)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new Win32Exception(errno, $"{call} failed: {Marshal.GetPInvokeErrorMessage(errno)}");
    }

    private sealed class RawModeScope(int fd, byte[] saved) : IDisposable
    {
        private int _disposed;

        public unsafe void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                fixed (byte* s = saved)
                {
                    _ = LibC.tcsetattr(fd, LibC.TCSADRAIN, s);
                }
            }
        }
    }
}
