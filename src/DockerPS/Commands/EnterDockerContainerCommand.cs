using System.Globalization;
using Docker.DotNet.Models;
using DockerPS.Completion;
using DockerPS.Streams;
using DockerPS.Terminal;
using DockerPS.Time;

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

    private LocalTerminal? terminal;
    private DetachKeySequence? detachKeys;
    private string? nsenterPath;

    /// <summary>The container: a name or id, or a container from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [Alias("Id", "ContainerId", "ContainerName")]
    [ValidateNotNull]
    [ArgumentCompleter(typeof(ContainerNameCompleter))]
    public DockerContainerIdentity Name { get; set; } = null!;

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
            // As docker exec -it does, refuse before reaching the engine when there is no terminal to give the container.
            if (Nsenter)
            {
                nsenterPath = NsenterProcess.Locate(Name?.Reference);
                terminal = LocalTerminal.Open(Host, Name?.Reference);
            }
            else
            {
                (terminal, detachKeys) = InteractiveTerminal.Open(Host, DetachKeys, Name?.Reference);
            }
        }
        catch (ErrorRecordException e)
        {
            ThrowFailure(e.ErrorRecord);
        }
    }

    protected override void ProcessRecord()
    {
        if (!Accepted(new[] { Name }).Any())
        {
            return;
        }

        var endpoint = EndpointFor(Name);
        if (Nsenter && NsenterProcess.RemoteEngineRefusal(endpoint, Container) is { } refusal)
        {
            ThrowFailure(refusal);
        }

        RunOnEngine(endpoint, async (engine, cancellation) =>
        {
            try
            {
                await (ParameterSetName switch
                {
                    AttachSet => AttachAsync(engine, cancellation),
                    NsenterSet => NsenterAsync(engine, cancellation),
                    _ => ExecAsync(engine, cancellation),
                }).ConfigureAwait(false);
            }
            catch (DockerContainerNotFoundException e)
            {
                EmitError(DockerErrors.NotFound(DockerObjectKind.Container, Container, e));
            }
            catch (DockerApiException e) when ((int)DockerErrorMapper.Status(e) == 409)
            {
                // Not running, or paused: the engine's words say which.
                EmitError(DockerErrors.ContainerNotRunning(e, Container));
            }
        });
    }

    /// <summary>The container as the engine is asked for it.</summary>
    private string Container => Name.Reference;

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
            Container,
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
        var description = $"{string.Join(" ", command)} in {Container}";
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
        var exitCode = await ExecSession.ExitCodeAsync(engine, created.ID, detached ? TimeSpan.Zero : AttachedTerminal.ExitGrace, cancellation).ConfigureAwait(false);
        EmitVerbose(exitCode is { } code
            ? $"{description} exited with code {code.ToString(CultureInfo.InvariantCulture)}."
            : $"Detached from {description}; it goes on running.");
    }

    /// <summary>docker attach: this terminal becomes the container's, so exit in its shell stops the container.</summary>
    private async Task AttachAsync(DockerEngine engine, CancellationToken cancellation)
    {
        var inspect = await engine.Client.Containers.InspectContainerAsync(Container, cancellation).ConfigureAwait(false);
        if (!IsRunning(inspect, "attach to"))
        {
            return;
        }

        var since = EngineTime.Parse(inspect.State!.StartedAt) ?? inspect.Created;
        EmitVerbose($"Attaching to {Container}; {detachKeys!.Text} detaches.");
        await EmittedAsync().ConfigureAwait(false);

        var exitCode = await AttachedTerminal.RunAsync(engine, terminal!, inspect.ID, inspect.Config!, since, detachKeys, null, cancellation).ConfigureAwait(false);
        EmitVerbose(exitCode is { } code
            ? $"Container {Container} exited with code {code.ToString(CultureInfo.InvariantCulture)}."
            : $"Detached from {Container}; it goes on running.");
    }

    /// <summary>nsenter on this machine, into the namespaces of the container's main process.</summary>
    private async Task NsenterAsync(DockerEngine engine, CancellationToken cancellation)
    {
        var inspect = await engine.Client.Containers.InspectContainerAsync(Container, cancellation).ConfigureAwait(false);
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
        EmitVerbose($"nsenter into {Container} exited with code {exitCode.ToString(CultureInfo.InvariantCulture)}.");
    }

    /// <summary>bash if the container has it, else sh; null (and an error) when it has neither.</summary>
    private async Task<string[]?> FindShellAsync(DockerEngine engine, CancellationToken cancellation)
    {
        if (await ShellProbe.FindAsync(engine, Container, cancellation).ConfigureAwait(false) is { } shell)
        {
            return new[] { shell };
        }

        EmitError(new ItemNotFoundException($"Container {Container} has neither bash nor sh; name the program to run with -Command."), "ShellNotFound", Container);
        return null;
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
            EmitError(DockerErrors.ContainerNotRunning(problem, Container));
        }

        return problem is null;
    }
}
