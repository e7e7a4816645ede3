using System.IO;
using System.Management.Automation.Host;
using System.Runtime.InteropServices;

namespace DockerPS.Terminal;

/// <summary>
/// The terminal this PowerShell runs in, for an interactive session with a container: raw mode, input as
/// raw bytes, output bytes written as they come, and the window's size.
/// </summary>
internal abstract class LocalTerminal
{
    /// <summary>What <see cref="Read"/> returns once the input has ended (the terminal hung up).</summary>
    public const int EndOfInput = -1;

    private const string NotATerminalErrorId = "InputNotATerminal";

    // Hosts that run commands away from any terminal of theirs: remoting and Start-Job (ServerRemoteHost),
    // thread jobs and runspaces made in code (Default Host). Their process may still have a terminal on stdin,
    // but it belongs to someone else's prompt.
    private static readonly string[] HostsWithoutTerminal = { "ServerRemoteHost", "Default Host" };

    /// <summary>
    /// The terminal, when this session is interactive; otherwise the docker CLI's refusal ("the input device is
    /// not a TTY"), as an error record to throw, rather than a session that would hang or read someone else's input.
    /// </summary>
    public static LocalTerminal Open(PSHost host, object? target)
    {
        var isWindows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);
        LocalTerminal? terminal = Array.IndexOf(HostsWithoutTerminal, host.Name) >= 0 ? null
            : isWindows ? WindowsTerminal.TryOpen()
            : UnixTerminal.TryOpen();
        if (terminal is not null)
        {
            return terminal;
        }

        // The CLI's words, including its hint for Windows terminals that are pipes rather than consoles.
        var message = isWindows
            ? "the input device is not a TTY.  If you are using mintty, try prefixing the command with 'winpty'"
            : "the input device is not a TTY";
        throw new ErrorRecordException(new ErrorRecord(new InvalidOperationException(message), NotATerminalErrorId, ErrorCategory.InvalidOperation, target));
    }

    /// <summary>The window's size in character cells, or null when it cannot be told.</summary>
    public (int Columns, int Rows)? Size
    {
        get
        {
            try
            {
                var size = (Console.WindowWidth, Console.WindowHeight);
                return size.WindowWidth > 0 && size.WindowHeight > 0 ? size : null;
            }
            catch (IOException)
            {
                // No window (output redirected on Windows): the container keeps the size it has.
                return null;
            }
        }
    }

    /// <summary>
    /// Puts the terminal in raw mode: keys reach the container unchanged (Ctrl+C is the byte 3, not a signal to
    /// PowerShell) and the container's output is not translated. Disposing restores the previous mode.
    /// </summary>
    public abstract IDisposable EnterRawMode();

    /// <summary>
    /// Reads input bytes, waiting at most <paramref name="waitMilliseconds"/>: the count read, 0 when nothing came
    /// in time, or <see cref="EndOfInput"/>. The wait is bounded so that no read is left pending once the session
    /// is over: it would swallow the next key meant for PowerShell.
    /// </summary>
    public abstract int Read(byte[] buffer, int waitMilliseconds);

    /// <summary>Writes the container's output (or, when <paramref name="isError"/>, its stderr) as it came.</summary>
    public abstract void Write(byte[] buffer, int count, bool isError);
}
