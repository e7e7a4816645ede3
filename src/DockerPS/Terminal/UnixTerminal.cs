using System.ComponentModel;
using System.IO;
using System.Runtime.InteropServices;
using static DockerPS.Terminal.UnixNativeMethods;

namespace DockerPS.Terminal;

/// <summary>The terminal on Linux and macOS: termios for raw mode, poll and read on file descriptor 0.</summary>
internal sealed class UnixTerminal : LocalTerminal
{
    // The .NET console streams: writes go straight to write(2). Input is read with read(2) instead, because
    // .NET's stdin stream on a terminal is line-edited and echoed by .NET itself.
    private readonly Stream output = Console.OpenStandardOutput();
    private readonly Stream error = Console.OpenStandardError();
    private readonly PollFd[] pollInput = { new() { Fd = StandardInput, Events = PollIn } };

    private UnixTerminal()
    {
    }

    public static UnixTerminal? TryOpen() => isatty(StandardInput) == 1 ? new UnixTerminal() : null;

    public override IDisposable EnterRawMode()
    {
        var saved = new byte[TermiosSize];
        Check(tcgetattr(StandardInput, saved), "tcgetattr");
        var raw = (byte[])saved.Clone();
        cfmakeraw(raw);
        Check(tcsetattr(StandardInput, TcsaNow, raw), "tcsetattr");
        return new Restore(saved);
    }

    /// <summary>
    /// Lets a child process use the terminal as its own (nsenter and the shell it runs). Disposing, once the child has
    /// ended, takes the terminal back as it was: a shell with job control makes its own process group the terminal's
    /// foreground, and one in another PID namespace cannot give it back, leaving PowerShell in the background, where
    /// reading the terminal fails.
    /// </summary>
    public IDisposable LendToChild()
    {
        var saved = new byte[TermiosSize];
        Check(tcgetattr(StandardInput, saved), "tcgetattr");
        var foreground = tcgetpgrp(StandardInput);
        Check(foreground, "tcgetpgrp");
        return new TakeBack(saved, foreground);
    }

    public override int Read(byte[] buffer, int waitMilliseconds)
    {
        var ready = poll(pollInput, (UIntPtr)1, waitMilliseconds);
        if (ready == 0 || ready < 0 && Marshal.GetLastWin32Error() == InterruptedCall)
        {
            return 0;
        }

        Check(ready, "poll");
        while (true)
        {
            var count = read(StandardInput, buffer, (UIntPtr)buffer.Length).ToInt64();
            if (count > 0)
            {
                return (int)count;
            }

            if (count == 0)
            {
                return EndOfInput;
            }

            if (Marshal.GetLastWin32Error() != InterruptedCall)
            {
                Check(-1, "read");
            }
        }
    }

    public override void Write(byte[] buffer, int count, bool isError)
    {
        var stream = isError ? error : output;
        stream.Write(buffer, 0, count);
        stream.Flush();
    }

    private static void Check(int result, string call)
    {
        if (result < 0)
        {
            var errno = Marshal.GetLastWin32Error();
            throw new IOException($"{call} on the terminal failed: {new Win32Exception(errno).Message}", new Win32Exception(errno));
        }
    }

    private sealed class TakeBack : IDisposable
    {
        private readonly byte[] saved;
        private readonly int foreground;

        public TakeBack(byte[] saved, int foreground)
        {
            this.saved = saved;
            this.foreground = foreground;
        }

        public void Dispose()
        {
            // From the background, changing the terminal stops the process (SIGTTOU) unless the signal is blocked;
            // blocking it on this thread alone is enough, and only for these two calls.
            var block = new byte[SignalSetSize];
            var previous = new byte[SignalSetSize];
            sigemptyset(block);
            sigaddset(block, SignalTerminalOutput);
            pthread_sigmask(SignalBlock, block, previous);
            try
            {
                tcsetpgrp(StandardInput, foreground);
                tcsetattr(StandardInput, TcsaNow, saved);
            }
            finally
            {
                pthread_sigmask(SignalSetMask, previous, previous);
            }
        }
    }

    private sealed class Restore : IDisposable
    {
        private readonly byte[] saved;

        public Restore(byte[] saved) => this.saved = saved;

        // Nothing useful can be done when restoring fails; the session's own outcome matters more.
        public void Dispose() => tcsetattr(StandardInput, TcsaNow, saved);
    }
}
