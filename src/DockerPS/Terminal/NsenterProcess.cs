using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace DockerPS.Terminal;

/// <summary>
/// nsenter -t PID -m -u -i -n -p: a process of this machine that joins a container's mount, UTS, IPC, network
/// and PID namespaces, run as a child that shares this terminal (it reads the keys itself; nothing is relayed).
/// </summary>
internal static class NsenterProcess
{
    /// <summary>The nsenter program on PATH, or null.</summary>
    public static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(new[] { Path.PathSeparator }, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "nsenter"))
            .FirstOrDefault(File.Exists);

    /// <summary>nsenter, when this machine can run it; else an ErrorRecordException about <paramref name="target"/> saying why not.</summary>
    public static string Locate(object? target) =>
        !RuntimeInformation.IsOSPlatform(OSPlatform.Linux)
            ? throw Refusal("-Nsenter enters Linux namespaces and works only on Linux, with the engine on the same machine. Leave -Nsenter out to use docker exec.", "NsenterNotSupported", ErrorCategory.NotImplemented, target)
            : Find() ?? throw Refusal("nsenter was not found on PATH; it comes with util-linux. Leave -Nsenter out to use docker exec.", "NsenterNotFound", ErrorCategory.ObjectNotFound, target);

    /// <summary>
    /// nsenter works with process ids of this machine, so only for an engine reached through a local socket: the
    /// refusal for any other, checked before connecting, as an engine elsewhere may well answer.
    /// </summary>
    public static ErrorRecord? RemoteEngineRefusal(DockerEndpoint endpoint, object? target) =>
        string.Equals(endpoint.Uri.Scheme, "unix", StringComparison.OrdinalIgnoreCase)
            ? null
            : Refusal(
                $"-Nsenter needs the engine on this machine (a unix:// socket), and {endpoint.Address} is not one: the container's processes are not this machine's. Leave -Nsenter out to use docker exec.",
                "NsenterRemoteEngine",
                ErrorCategory.InvalidOperation,
                target).ErrorRecord;

    /// <summary>The arguments that run <paramref name="command"/> in the namespaces of process <paramref name="pid"/>.</summary>
    public static IReadOnlyList<string> Arguments(long pid, IEnumerable<string> command) =>
        new[] { "-t", pid.ToString(CultureInfo.InvariantCulture), "-m", "-u", "-i", "-n", "-p" }.Concat(command).ToList();

    /// <summary>
    /// Runs nsenter on this terminal and returns its exit code (that of the command it ran); the terminal is taken
    /// back as it was once it has ended.
    /// </summary>
    public static async Task<int> RunAsync(UnixTerminal terminal, string path, IReadOnlyList<string> arguments)
    {
        using (terminal.LendToChild())
        {
            return await StartAsync(path, arguments).ConfigureAwait(false);
        }
    }

    private static Task<int> StartAsync(string path, IReadOnlyList<string> arguments)
    {
        // No redirection: the child inherits this process's terminal as its stdin, stdout and stderr.
        var process = new Process
        {
            StartInfo = new ProcessStartInfo(path, string.Join(" ", arguments.Select(QuoteArgument))) { UseShellExecute = false },
            EnableRaisingEvents = true,
        };
        var exited = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.Exited += (_, _) =>
        {
            exited.TrySetResult(process.ExitCode);
            process.Dispose();
        };
        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            throw;
        }

        return exited.Task;
    }

    /// <summary>
    /// Quotes an argument for ProcessStartInfo.Arguments, which .NET splits by the Windows rules on every platform
    /// (netstandard2.0 has no ArgumentList): spaces and quotes inside double quotes, backslashes doubled before a quote.
    /// </summary>
    internal static string QuoteArgument(string argument)
    {
        if (argument.Length > 0 && !argument.Any(c => char.IsWhiteSpace(c) || c == '"'))
        {
            return argument;
        }

        var quoted = new StringBuilder("\"");
        for (var i = 0; i < argument.Length; i++)
        {
            var backslashes = 0;
            while (i < argument.Length && argument[i] == '\\')
            {
                backslashes++;
                i++;
            }

            if (i == argument.Length)
            {
                // Before the closing quote, every backslash is doubled so that the quote stays a quote.
                quoted.Append('\\', backslashes * 2);
                break;
            }

            quoted.Append('\\', argument[i] == '"' ? backslashes * 2 + 1 : backslashes).Append(argument[i]);
        }

        return quoted.Append('"').ToString();
    }

    private static ErrorRecordException Refusal(string message, string errorId, ErrorCategory category, object? target) =>
        new(new ErrorRecord(new InvalidOperationException(message), errorId, category, target));
}
