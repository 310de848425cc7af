using System.Runtime.InteropServices;

namespace InterviewLM.Recording.Terminal;

/// <summary>The glibc calls the PTY needs (Linux values; see tech-notes §4).</summary>
internal static unsafe partial class LibC
{
    public const int O_RDWR = 0x2;
    public const int O_NOCTTY = 0x100;
    public const int O_CLOEXEC = 0x80000;
    public const nuint TIOCSWINSZ = 0x5414;
    public const nuint TIOCGWINSZ = 0x5413;
    public const short POSIX_SPAWN_SETSIGDEF = 0x04;
    public const short POSIX_SPAWN_SETSIGMASK = 0x08;
    public const short POSIX_SPAWN_SETSID = 0x80;
    public const int EINTR = 4;
    public const int EIO = 5;
    public const int ENOENT = 2;
    public const int EAGAIN = 11;
    public const int ESRCH = 3;
    public const int ECHILD = 10;
    public const int TCSANOW = 0;
    public const int TCSADRAIN = 1;

    /// <summary>Generous size for glibc's opaque spawn structures and <c>sigset_t</c> (80, 336 and 128 bytes on x86-64).</summary>
    public const int OpaqueSize = 512;

    private const string Library = "libc";

    [StructLayout(LayoutKind.Sequential)]
    public struct WinSize
    {
        public ushort Rows;
        public ushort Columns;
        public ushort XPixels;
        public ushort YPixels;
    }

    [LibraryImport(Library, SetLastError = true)]
    public static partial int posix_openpt(int flags);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int grantpt(int fd);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int unlockpt(int fd);

    [LibraryImport(Library)]
    public static partial int ptsname_r(int fd, byte* buffer, nuint length);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int ioctl(int fd, nuint request, WinSize* size);

    [LibraryImport(Library)]
    public static partial int posix_spawn_file_actions_init(void* actions);

    [LibraryImport(Library)]
    public static partial int posix_spawn_file_actions_destroy(void* actions);

    [LibraryImport(Library)]
    public static partial int posix_spawn_file_actions_addopen(void* actions, int fd, byte* path, int flags, uint mode);

    [LibraryImport(Library)]
    public static partial int posix_spawn_file_actions_adddup2(void* actions, int fd, int newFd);

    [LibraryImport(Library)]
    public static partial int posix_spawn_file_actions_addchdir_np(void* actions, byte* path);

    [LibraryImport(Library)]
    public static partial int posix_spawn_file_actions_addclosefrom_np(void* actions, int from);

    [LibraryImport(Library)]
    public static partial int posix_spawnattr_init(void* attributes);

    [LibraryImport(Library)]
    public static partial int posix_spawnattr_destroy(void* attributes);

    [LibraryImport(Library)]
    public static partial int posix_spawnattr_setflags(void* attributes, short flags);

    [LibraryImport(Library)]
    public static partial int posix_spawnattr_setsigmask(void* attributes, void* set);

    [LibraryImport(Library)]
    public static partial int posix_spawnattr_setsigdefault(void* attributes, void* set);

    [LibraryImport(Library)]
    public static partial int sigemptyset(void* set);

    [LibraryImport(Library)]
    public static partial int sigfillset(void* set);

    [LibraryImport(Library)]
    public static partial int posix_spawnp(int* pid, byte* file, void* actions, void* attributes, byte** argv, byte** envp);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int waitpid(int pid, int* status, int options);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int kill(int pid, int signal);

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint read(int fd, byte* buffer, nint count);

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint write(int fd, byte* buffer, nint count);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport(Library)]
    public static partial int isatty(int fd);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int tcgetattr(int fd, void* termios);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int tcsetattr(int fd, int optionalActions, void* termios);

    [LibraryImport(Library)]
    public static partial void cfmakeraw(void* termios);
}
