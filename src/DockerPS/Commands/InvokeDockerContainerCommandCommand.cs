using System.Collections;
using System.Globalization;
using Docker.DotNet.Models;
using DockerPS.Completion;
using DockerPS.Containers;
using DockerPS.Streams;

namespace DockerPS.Commands;

/// <summary>
/// docker exec (not interactive): runs a command in running containers. Its stdout arrives in the pipeline line
/// by line as it is produced (or goes into -OutFile's file), its stderr in the error stream; a non-zero exit code is
/// an error that carries it. With -Name given, objects piped in are written to the command's stdin, one line each.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "DockerContainerCommand", SupportsShouldProcess = true, DefaultParameterSetName = ContainerSet)]
[OutputType(typeof(string))]
[OutputType(typeof(byte[]))]
public sealed class InvokeDockerContainerCommandCommand : DockerEngineCmdlet
{
    // A container named on the command line takes piped objects as stdin; without one, piped objects are containers.
    private const string ContainerSet = "Container";
    private const string PipedContainersSet = "PipedContainers";

    private bool declined;
    private ExecSession? stdinSession;
    private ContainerExecCreateParameters? template;
    private string? outFile;
    private int commandsRun;

    /// <summary>The container: a name or id, or containers from the pipeline (then nothing is written to stdin).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ContainerSet)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PipedContainersSet, ValueFromPipeline = true)]
    [Alias("Id", "ContainerId", "ContainerName")]
    [ValidateNotNull]
    [ArgumentCompleter(typeof(ContainerNameCompleter))]
    public DockerContainerIdentity Name { get; set; } = null!;

    /// <summary>The command and its arguments: -Command cat, /etc/hosts.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string[] Command { get; set; } = Array.Empty<string>();

    /// <summary>The user (name or uid, optionally :group) to run as.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? User { get; set; }

    /// <summary>The directory to run the command in.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? WorkingDirectory { get; set; }

    /// <summary>Extra environment variables: a hashtable or NAME=value strings.</summary>
    [Parameter]
    [ValidateNotNull]
    public object? Environment { get; set; }

    /// <summary>Give the command extended privileges.</summary>
    [Parameter]
    public SwitchParameter Privileged { get; set; }

    /// <summary>Run the command with a pseudo-terminal (its stdout and stderr then arrive as one stream).</summary>
    [Parameter]
    public SwitchParameter Tty { get; set; }

    /// <summary>Start the command and return at once, leaving it running (docker exec -d).</summary>
    [Parameter]
    public SwitchParameter Detach { get; set; }

    /// <summary>The longest stdout or stderr line written whole, in characters (1 Mi by default); a longer one comes in pieces of this length.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int MaxLineLength { get; set; } = LineSplitter.DefaultMaxLength;

    /// <summary>Write stdout's bytes as they come, in byte[] chunks, untouched: for binary output (stderr still comes as lines).</summary>
    [Parameter]
    public SwitchParameter AsByteStream { get; set; }

    /// <summary>
    /// Write stdout's bytes into this file, exactly as the command wrote them (docker exec … &gt; file), instead of the
    /// pipeline; stderr still comes as errors. The file appears only once the output has ended whole.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? OutFile { get; set; }

    /// <summary>Replace -OutFile's file if it exists.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Lines for the command's stdin, from the pipeline (with -Name given); stdin is closed at the end.</summary>
    [Parameter(ValueFromPipeline = true, ParameterSetName = ContainerSet)]
    public PSObject? InputObject { get; set; }

    /// <summary>The container as the engine is asked for it.</summary>
    private string Container => Name.Reference;

    protected override void BeginProcessing()
    {
        if (OutFile is not null)
        {
            var conflict = Detach ? "-Detach leaves none to take" : AsByteStream ? "-AsByteStream would take it too" : null;
            outFile = conflict is null
                ? OutputFile.Target(SessionState, OutFile, Force)
                : throw new ErrorRecordException(OutputFile.Conflict($"-OutFile takes the command's stdout; {conflict}.", OutFile));
        }

        var environment = Validated("InvalidEnvironment", Environment, () => Environment is null ? null : EnvironmentParser.FromParameter(Environment, System.Environment.GetEnvironmentVariable));
        template = ExecSession.Request(Command, User, WorkingDirectory, environment, Privileged, Tty, attach: !Detach);
    }

    protected override void ProcessRecord()
    {
        if (declined || !Accepted(new[] { Name }).Any())
        {
            return;
        }

        if (outFile is not null && stdinSession is null && ++commandsRun > 1)
        {
            ThrowFailure(OutputFile.Conflict($"-OutFile takes one command's output; {Container} is a second container.", Container));
        }

        var isStdin = ParameterSetName == ContainerSet && InputObject is not null && !Detach;
        if (!isStdin)
        {
            if (ShouldProcess(Container, Action))
            {
                RunOnEngine(Name, RunToEndAsync);
            }

            return;
        }

        if (stdinSession is null)
        {
            // One command receives every piped line, so the question is asked once.
            if (!ShouldProcess(Container, Action))
            {
                declined = true;
                return;
            }

            // One command for every line: a container that cannot run it ends the pipeline.
            RunOnEngine(Name, async (engine, cancellation) =>
            {
                try
                {
                    stdinSession = await ExecSession.StartAsync(engine, Container, WithStdin(), Output, cancellation).ConfigureAwait(false);
                }
                catch (DockerApiException e) when (Refusal(e) is { } refusal)
                {
                    throw new ErrorRecordException(refusal);
                }
            });
        }

        // -InputObject given by name may hold several lines at once.
        var lines = InputObject!.BaseObject is IEnumerable many and not string
            ? many.Cast<object?>().Select(item => item?.ToString() ?? string.Empty).ToList()
            : new List<string> { InputObject.BaseObject as string ?? InputObject.ToString() };
        RunAsync(cancellation => stdinSession!.WriteLinesAsync(lines, cancellation));
        foreach (var line in stdinSession!.TakeAvailable())
        {
            WriteLine(line);
        }
    }

    protected override void EndProcessing()
    {
        if (stdinSession is not { } session)
        {
            return;
        }

        using var ending = session;
        RunAsync(async cancellation =>
        {
            session.CloseInput();
            await FinishAsync(session, cancellation).ConfigureAwait(false);
        });
    }

    protected override void StopProcessing()
    {
        base.StopProcessing();
        stdinSession?.Dispose();
    }

    private async Task RunToEndAsync(DockerEngine engine, CancellationToken cancellation)
    {
        try
        {
            if (Detach)
            {
                EmitVerbose($"Started exec {await ExecSession.StartDetachedAsync(engine, Container, template!, cancellation).ConfigureAwait(false)} in {Container}.");
                return;
            }

            using var session = await ExecSession.StartAsync(engine, Container, template!, Output, cancellation).ConfigureAwait(false);
            await FinishAsync(session, cancellation).ConfigureAwait(false);
        }
        catch (DockerApiException e) when (Refusal(e) is { } refusal)
        {
            EmitError(refusal);
        }
    }

    /// <summary>The container's refusal to run a command, as its error: missing, or not running (the engine's words say which).</summary>
    private ErrorRecord? Refusal(DockerApiException e) => e switch
    {
        _ when (int)DockerErrorMapper.Status(e) == 409 => DockerErrors.ContainerNotRunning(e, Container),
        _ => DockerErrors.Refusal(DockerObjectKind.Container, e, Container),
    };

    private async Task FinishAsync(ExecSession session, CancellationToken cancellation)
    {
        var batches = new PipelineBatches(OnPipelineThread);
        while (await session.TakeAsync(cancellation).ConfigureAwait(false) is { } batch)
        {
            await batches.SendAsync(batch, WriteLine, cancellation).ConfigureAwait(false);
        }

        var exitCode = await session.ExitCodeAsync(cancellation).ConfigureAwait(false);
        EmitVerbose($"{string.Join(" ", Command)} exited with code {exitCode.ToString(CultureInfo.InvariantCulture)}.");
        if (exitCode != 0)
        {
            EmitError(new ContainerExitException(Container, exitCode, $"{string.Join(" ", Command)} in container {Container} exited with code {exitCode}."), "CommandExitCode", Container);
        }
    }

    private ExecOutput Output => new(AsByteStream, MaxLineLength, outFile, Force);

    private string Action => $"Run {string.Join(" ", Command)}{(outFile is null ? string.Empty : $", its output into {outFile}")}";

    private void WriteLine((bool IsError, object Item) output)
    {
        if (output.IsError)
        {
            WriteError(new ErrorRecord(new RemoteException((string)output.Item), "ContainerStandardError", ErrorCategory.FromStdErr, Container));
        }
        else
        {
            WriteObject(output.Item);
        }
    }

    private ContainerExecCreateParameters WithStdin()
    {
        var parameters = template!;
        parameters.AttachStdin = true;
        return parameters;
    }
}
