using System;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using DockerPS.Cmdlets;
using DockerPS.Completion;
using DockerPS.Engine;
using DockerPS.Errors;
using DockerPS.Terminal;

namespace DockerPS.Commands;

/// <summary>
/// An interactive shell in a running container on this terminal: docker exec -it (the default), docker attach
/// (-Attach) or nsenter -t PID -m -u -i -n -p (-Nsenter). Returns when the shell exits or the detach keys are typed.
/// </summary>
[Cmdlet(VerbsCommon.Enter, "DockerContainer", DefaultParameterSetName = ExecSet)]
[OutputType(typeof(void))]
public sealed class EnterDockerContainerCommand : DockerEngineCmdlet
{
    private const string ExecSet = "Exec";
    private const string AttachSet = "Attach";
    private const string NsenterSet = "Nsenter";

    // Prints the first shell the container has; run without a terminal, before the session.
    private static readonly string[] ShellProbe = { "sh", "-c", "command -v bash || command -v sh" };

    private LocalTerminal? terminal;
    private DetachKeySequence? detachKeys;
    private string? nsenterPath;

    /// <summary>The container: a name or id, or DockerContainer objects from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Id", "ContainerId", "ContainerName")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ContainerNameCompleter))]
    public string Name { get; set; } = string.Empty;

    /// <summary>The program to run instead of the container's bash or sh, with its arguments.</summary>
    [Parameter(Position = 1, ParameterSetName = ExecSet)]
    [Parameter(Position = 1, ParameterSetName = NsenterSet)]
    [ValidateNotNullOrEmpty]
    public string[]? Command { get; set; }

    /// <summary>The user (name or uid, optionally :group) to run the shell as.</summary>
    [Parameter(ParameterSetName = ExecSet)]
    [ValidateNotNullOrEmpty]
    public string? User { get; set; }

    /// <summary>The directory to start the shell in.</summary>
    [Parameter(ParameterSetName = ExecSet)]
    [ValidateNotNullOrEmpty]
    public string? WorkingDirectory { get; set; }

    /// <summary>Attach to the container's main process instead of starting a shell (docker attach).</summary>
    [Parameter(Mandatory = true, ParameterSetName = AttachSet)]
    public SwitchParameter Attach { get; set; }

    /// <summary>Enter the container's namespaces with nsenter, for an engine on this machine.</summary>
    [Parameter(Mandatory = true, ParameterSetName = NsenterSet)]
    public SwitchParameter Nsenter { get; set; }

    /// <summary>The keys that leave the container running and return to PowerShell, in the CLI's syntax (ctrl-p,ctrl-q).</summary>
    [Parameter(ParameterSetName = ExecSet)]
    [Parameter(ParameterSetName = AttachSet)]
    [ValidateNotNullOrEmpty]
    public string[]? DetachKeys { get; set; }

    protected override void BeginProcessing()
    {
        try
        {
            if (Nsenter)
            {
                nsenterPath = FindNsenter();
            }
            else
            {
                detachKeys = ResolveDetachKeys();
            }

            // As docker exec -it does, refuse before reaching the engine when there is no terminal to give the container.
            terminal = LocalTerminal.Open(Host, Name);
        }
        catch (ErrorRecordException e)
        {
            ThrowTerminatingError(e.Record);
        }
    }

    protected override void ProcessRecord() => RunAsync(async cancellation =>
    {
        if (Nsenter)
        {
            RequireLocalEngine(ResolveEndpoint());
        }

        var engine = await ConnectAsync(cancellation).ConfigureAwait(false);
        try
        {
            switch (ParameterSetName)
            {
                case AttachSet:
                    await AttachAsync(engine, cancellation).ConfigureAwait(false);
                    break;
                case NsenterSet:
                    await NsenterAsync(engine, cancellation).ConfigureAwait(false);
                    break;
                default:
                    await ExecAsync(engine, cancellation).ConfigureAwait(false);
                    break;
            }
        }
        catch (DockerContainerNotFoundException e)
        {
            EmitError(e, "ContainerNotFound", Name);
        }
        catch (DockerApiException e) when ((int)DockerErrorMapper.Status(e) == 409)
        {
            // Not running, or paused: the engine's words say which.
            EmitError(e, "ContainerNotRunning", Name);
        }
    });

    /// <summary>docker exec -it: a new process in the container, on a TTY of its own.</summary>
    private async Task ExecAsync(DockerEngine engine, CancellationToken cancellation)
    {
        var command = Command ?? await FindShellAsync(engine, cancellation).ConfigureAwait(false);
        if (command is null)
        {
            return;
        }

        var size = terminal!.Size is { } window ? new ConsoleSize { Width = (ulong)window.Columns, Height = (ulong)window.Rows } : null;
        var created = await engine.Client.Exec.CreateContainerExecAsync(
            Name,
            new ContainerExecCreateParameters
            {
                Cmd = command,
                User = User ?? string.Empty,
                WorkingDir = WorkingDirectory ?? string.Empty,
                TTY = true,
                AttachStdin = true,
                AttachStdout = true,
                AttachStderr = true,
                // The session detaches by itself, but the engine must know the keys too, or it would act on its
                // default ones (Ctrl+P Ctrl+Q) whatever the user chose.
                DetachKeys = detachKeys!.Text,
                // The first size, for engines that take it (API 1.42 and later); the session sets it anyway.
                ConsoleSize = size!,
            },
            cancellation).ConfigureAwait(false);
        var description = $"{string.Join(" ", command)} in {Name}";
        EmitVerbose($"Running {description} (exec {created.ID}); {detachKeys.Text} detaches.");
        await EmittedAsync().ConfigureAwait(false);

        bool detached;
        using (var stream = await engine.Client.Exec.StartContainerExecAsync(created.ID, new ContainerExecStartParameters { TTY = true, ConsoleSize = size! }, cancellation).ConfigureAwait(false))
        {
            var session = new TerminalSession(terminal, stream, detachKeys);
            await session.RunAsync(
                rawMode: true,
                sendInput: true,
                (columns, rows, token) => engine.Client.Exec.ResizeExecTtyAsync(created.ID, new ContainerResizeParameters { Width = columns, Height = rows }, token),
                cancellation).ConfigureAwait(false);
            detached = session.Detached;
        }

        // After the detach keys the shell runs on; otherwise it has ended, unless the engine let go of it. An
        // interactive shell's exit code is that of the last command typed in it, so it is no error (docker exec -it
        // only passes it on as its own).
        var exitCode = await ExecExitCodeAsync(engine, created.ID, detached ? TimeSpan.Zero : AttachedTerminal.ExitGrace, cancellation).ConfigureAwait(false);
        EmitVerbose(exitCode is { } code
            ? $"{description} exited with code {code.ToString(CultureInfo.InvariantCulture)}."
            : $"Detached from {description}; it goes on running.");
    }

    /// <summary>docker attach: this terminal becomes the container's, so exit in its shell stops the container.</summary>
    private async Task AttachAsync(DockerEngine engine, CancellationToken cancellation)
    {
        var inspect = await engine.Client.Containers.InspectContainerAsync(Name, cancellation).ConfigureAwait(false);
        if (!IsRunning(inspect, "attach to"))
        {
            return;
        }

        var since = ModelMapper.ParseEngineTime(inspect.State!.StartedAt) ?? inspect.Created;
        EmitVerbose($"Attaching to {Name}; {detachKeys!.Text} detaches.");
        await EmittedAsync().ConfigureAwait(false);

        var exitCode = await AttachedTerminal.RunAsync(engine, terminal!, inspect.ID, inspect.Config!, since, detachKeys, null, cancellation).ConfigureAwait(false);
        EmitVerbose(exitCode is { } code
            ? $"Container {Name} exited with code {code.ToString(CultureInfo.InvariantCulture)}."
            : $"Detached from {Name}; it goes on running.");
    }

    /// <summary>nsenter on this machine, into the namespaces of the container's main process.</summary>
    private async Task NsenterAsync(DockerEngine engine, CancellationToken cancellation)
    {
        var inspect = await engine.Client.Containers.InspectContainerAsync(Name, cancellation).ConfigureAwait(false);
        var command = IsRunning(inspect, "enter") ? Command ?? await FindShellAsync(engine, cancellation).ConfigureAwait(false) : null;
        if (command is null)
        {
            return;
        }

        var arguments = NsenterProcess.Arguments(inspect.State!.Pid, command);
        EmitVerbose($"{nsenterPath} {string.Join(" ", arguments)}");
        await EmittedAsync().ConfigureAwait(false);

        // The child has the terminal to itself (on Linux, the only place -Nsenter gets this far, the terminal is a
        // UnixTerminal). Stopping the pipeline does not end it: the user leaves by ending it.
        var exitCode = await NsenterProcess.RunAsync((UnixTerminal)terminal!, nsenterPath!, arguments).ConfigureAwait(false);
        EmitVerbose($"nsenter into {Name} exited with code {exitCode.ToString(CultureInfo.InvariantCulture)}.");
    }

    /// <summary>bash if the container has it, else sh; null (and an error) when it has neither.</summary>
    private async Task<string[]?> FindShellAsync(DockerEngine engine, CancellationToken cancellation)
    {
        var probe = await engine.Client.Exec.CreateContainerExecAsync(
            Name,
            new ContainerExecCreateParameters { Cmd = ShellProbe, AttachStdout = true, AttachStderr = true },
            cancellation).ConfigureAwait(false);
        string output;
        using (var stream = await engine.Client.Exec.StartContainerExecAsync(probe.ID, new ContainerExecStartParameters(), cancellation).ConfigureAwait(false))
        {
            (output, _) = await stream.ReadOutputToEndAsync(cancellation).ConfigureAwait(false);
        }

        // A path, or a bare name for a busybox applet. Without sh the probe itself fails (exit code 126 or 127), and
        // what it printed is the engine's complaint.
        var shell = output.Split('\n').Select(line => line.Trim()).FirstOrDefault(line => line.Length > 0);
        if (await ExecExitCodeAsync(engine, probe.ID, AttachedTerminal.ExitGrace, cancellation).ConfigureAwait(false) != 0 || shell is null)
        {
            EmitError(new ItemNotFoundException($"Container {Name} has neither bash nor sh; name the program to run with -Command."), "ShellNotFound", Name);
            return null;
        }

        return new[] { shell };
    }

    /// <summary>
    /// The exit code, once the engine has recorded it (a moment after the output ends), or null when the process still
    /// runs after <paramref name="wait"/>.
    /// </summary>
    private static async Task<long?> ExecExitCodeAsync(DockerEngine engine, string execId, TimeSpan wait, CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            var inspect = await engine.Client.Exec.InspectContainerExecAsync(execId, cancellation).ConfigureAwait(false);
            if (!inspect.Running && inspect.ExitCode is { } exitCode)
            {
                return exitCode;
            }

            if (DateTime.UtcNow >= deadline)
            {
                return null;
            }

            await Task.Delay(20, cancellation).ConfigureAwait(false);
        }
    }

    /// <summary>Whether the container runs; if not, the docker CLI's refusal as an error.</summary>
    private bool IsRunning(ContainerInspectResponse inspect, string action)
    {
        var state = inspect.State;
        var problem = state is null || !state.Running ? $"You cannot {action} a stopped container, start it first"
            : state.Paused ? $"You cannot {action} a paused container, unpause it first"
            : state.Restarting ? $"You cannot {action} a restarting container, wait until it is running"
            : null;
        if (problem is not null)
        {
            EmitError(new ErrorRecord(new InvalidOperationException(problem), "ContainerNotRunning", ErrorCategory.InvalidOperation, Name));
        }

        return problem is null;
    }

    /// <summary>
    /// nsenter works with process ids of this machine, so only for an engine reached through a local socket; checked
    /// before connecting, as an engine elsewhere may well answer.
    /// </summary>
    private void RequireLocalEngine(DockerEndpoint endpoint)
    {
        if (!string.Equals(endpoint.Uri.Scheme, "unix", StringComparison.OrdinalIgnoreCase))
        {
            throw Refusal(
                $"-Nsenter needs the engine on this machine (a unix:// socket), and {endpoint.Address} is not one: the container's processes are not this machine's. Leave -Nsenter out to use docker exec.",
                "NsenterRemoteEngine",
                ErrorCategory.InvalidOperation);
        }
    }

    /// <summary>nsenter, when this machine can run it.</summary>
    private string FindNsenter() =>
        !RuntimeInformation.IsOSPlatform(OSPlatform.Linux)
            ? throw Refusal("-Nsenter enters Linux namespaces and works only on Linux, with the engine on the same machine. Leave -Nsenter out to use docker exec.", "NsenterNotSupported", ErrorCategory.NotImplemented)
            : NsenterProcess.Find()
                ?? throw Refusal("nsenter was not found on PATH; it comes with util-linux. Leave -Nsenter out to use docker exec.", "NsenterNotFound", ErrorCategory.ObjectNotFound);

    private DetachKeySequence ResolveDetachKeys()
    {
        try
        {
            return DetachKeySequence.Resolve(DetachKeys, DockerCliEnvironment.Current);
        }
        catch (ArgumentException e)
        {
            // The keys may also have come from the docker CLI's config.json, when none were given.
            throw new ErrorRecordException(new ErrorRecord(e, "InvalidDetachKeys", ErrorCategory.InvalidArgument, DetachKeys is null ? null : string.Join(",", DetachKeys)));
        }
    }

    private ErrorRecordException Refusal(string message, string errorId, ErrorCategory category) =>
        new(new ErrorRecord(new InvalidOperationException(message), errorId, category, Name));
}
