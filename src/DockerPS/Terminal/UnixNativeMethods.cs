using System.Runtime.InteropServices;

namespace DockerPS.Terminal;

/// <summary>
/// The libc calls the terminal needs on Linux and macOS. "libc" is mapped by the .NET runtime to the
/// platform's C library (libc.so.6, libSystem), so one declaration serves both.
/// </summary>
internal static class UnixNativeMethods
{
    public const int StandardInput = 0;

    /// <summary>tcsetattr: apply at once (0 on Linux and macOS alike).</summary>
    public const int TcsaNow = 0;

    public const short PollIn = 0x1;

    /// <summary>EINTR is 4 on Linux and macOS alike.</summary>
    public const int InterruptedCall = 4;

    /// <summary>
    /// Room for a struct termios on any platform (60 bytes with glibc and musl, 72 on macOS). Its layout is
    /// never read here: tcgetattr fills it, cfmakeraw changes it, tcsetattr applies it.
    /// </summary>
    public const int TermiosSize = 256;

    [DllImport("libc", SetLastError = true)]
    public static extern int isatty(int fd);

    [DllImport("libc", SetLastError = true)]
    public static extern int tcgetattr(int fd, [Out] byte[] termios);

    [DllImport("libc", SetLastError = true)]
    public static extern int tcsetattr(int fd, int optionalActions, [In] byte[] termios);

    [DllImport("libc")]
    public static extern void cfmakeraw([In, Out] byte[] termios);

    /// <summary>nfds_t is unsigned long on Linux and unsigned int on macOS; a pointer-sized count suits both.</summary>
    [DllImport("libc", SetLastError = true)]
    public static extern int poll([In, Out] PollFd[] fds, UIntPtr count, int timeoutMilliseconds);

    [DllImport("libc", SetLastError = true)]
    public static extern IntPtr read(int fd, [Out] byte[] buffer, UIntPtr count);

    // Handing the terminal to a child and taking it back (nsenter, so Linux only: these values are Linux's).
    public const int SignalTerminalOutput = 22;
    public const int SignalBlock = 0;
    public const int SignalSetMask = 2;

    /// <summary>Room for a sigset_t (128 bytes with glibc); filled by sigemptyset and sigaddset, never read here.</summary>
    public const int SignalSetSize = 256;

    [DllImport("libc", SetLastError = true)]
    public static extern int tcgetpgrp(int fd);

    [DllImport("libc", SetLastError = true)]
    public static extern int tcsetpgrp(int fd, int processGroup);

    [DllImport("libc", SetLastError = true)]
    public static extern int sigemptyset([Out] byte[] set);

    [DllImport("libc", SetLastError = true)]
    public static extern int sigaddset([In, Out] byte[] set, int signal);

    [DllImport("libc")]
    public static extern int pthread_sigmask(int how, [In] byte[] set, [Out] byte[] previous);

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short ReturnedEvents;
    }
}
