using System.Collections;
using System.Globalization;
using Docker.DotNet.Models;
using DockerPS.Completion;
using DockerPS.Containers;
using DockerPS.Images;
using DockerPS.Lookup;
using DockerPS.Terminal;

namespace DockerPS.Commands;

/// <summary>
/// docker run: creates a container and starts it in the background, returning it; -NoStart only creates it
/// (docker create). Images, or names for containers of one image, piped in make a batch: the containers are made
/// concurrently (at most -ThrottleLimit at once) and written in input order, each failure its own error. -Attach
/// runs a container in the foreground, streaming its output until it exits; -Interactive runs it on this terminal
/// (docker run -it) until it exits or the user detaches: those run one at a time.
/// </summary>
[Cmdlet(VerbsCommon.New, "DockerContainer", SupportsShouldProcess = true, DefaultParameterSetName = DetachedSet)]
[OutputType(typeof(DockerContainer), ParameterSetName = new[] { DetachedSet, NamesSet })]
[OutputType(typeof(string), ParameterSetName = new[] { AttachedSet })]
public sealed class NewDockerContainerCommand : DockerRunOptionsCmdlet
{
    private const string DetachedSet = "Detached";
    private const string NamesSet = "Names";
    private const string AttachedSet = "Attached";
    private const string InteractiveSet = "Interactive";
    private const int PullProgressId = 1;

    // The engines and images made ready in this run (networks found, image pulled as -Pull says): a batch of
    // containers of one image asks once.
    private readonly HashSet<(DockerEndpoint Endpoint, string Image)> prepared = new();

    private ContainerCreation? creation;
    private LocalTerminal? terminal;
    private DetachKeySequence? detachKeys;

    /// <summary>
    /// The image to run: name, name:tag, name@digest or host:port/project/name:tag, or an image from the pipeline
    /// (a container from the pipeline runs its image).
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = DetachedSet)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = NamesSet)]
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = AttachedSet)]
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = InteractiveSet)]
    [Alias("ImageName")]
    [ValidateNotNull]
    [ArgumentCompleter(typeof(ImageNameCompleter))]
    public DockerImageIdentity Image { get; set; } = null!;

    /// <summary>
    /// The container's name (docker run --name); the engine makes one up when omitted. Names piped in, with -Image,
    /// make a container of that image for each.
    /// </summary>
    [Parameter(ParameterSetName = DetachedSet)]
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = NamesSet)]
    [Parameter(ParameterSetName = AttachedSet)]
    [Parameter(ParameterSetName = InteractiveSet)]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    /// <summary>When to pull the image: Missing (the default), Always or Never.</summary>
    [Parameter]
    public PullPolicy Pull { get; set; } = PullPolicy.Missing;

    /// <summary>Only create the container (docker create).</summary>
    [Parameter(ParameterSetName = DetachedSet)]
    [Parameter(ParameterSetName = NamesSet)]
    public SwitchParameter NoStart { get; set; }

    /// <summary>
    /// Run in the foreground, like docker run without -d: stdout lines go to the pipeline as they come, stderr
    /// lines to the error stream, and the cmdlet ends when the container exits (a non-zero exit is an error).
    /// Ctrl+C stops the streaming and passes SIGINT to the container, as docker run does.
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = AttachedSet)]
    public SwitchParameter Attach { get; set; }

    /// <summary>With -Attach: Ctrl+C only stops the streaming and the container keeps running (docker run --sig-proxy=false).</summary>
    [Parameter(ParameterSetName = AttachedSet)]
    public SwitchParameter NoSignalProxy { get; set; }

    /// <summary>
    /// Run on this terminal, like docker run -it: a TTY, stdin kept open, the terminal raw, until the container
    /// exits or the detach keys leave it running. Nothing is returned.
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = InteractiveSet)]
    public SwitchParameter Interactive { get; set; }

    /// <summary>With -Interactive: the keys that leave the container running, in the CLI's syntax (ctrl-p,ctrl-q).</summary>
    [Parameter(ParameterSetName = InteractiveSet)]
    [ValidateNotNullOrEmpty]
    public string[]? DetachKeys { get; set; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();

        // Everything that can be wrong with the options is found here, before anything reaches the engine.
        if (Interactive)
        {
            try
            {
                (terminal, detachKeys) = InteractiveTerminal.Open(Host, DetachKeys, Image?.Reference);
            }
            catch (ErrorRecordException e)
            {
                ThrowFailure(e.ErrorRecord);
            }
        }

        creation = new ContainerCreation(BuildTemplate(interactive: Interactive, attach: Attach), Networks);
    }

    protected override void ProcessRecord()
    {
        if (Image.Refusal is not null)
        {
            Refuse(Image, DockerErrors.WrongObjectType(Image));
            return;
        }

        // An image id (a container's image, from the pipeline) names no repository, and there is nothing to pull.
        var image = Image.Reference;
        var reference = ImageReference.IsImageId(image) ? null : Validated("InvalidImageReference", image, () => ImageReference.Parse(image));
        var action = NoStart ? "Create container"
            : Attach ? "Run container in the foreground"
            : Interactive ? "Run container on this terminal"
            : "Create and start container";
        if (!ShouldProcess($"{(Name is null ? string.Empty : Name + " ")}from image {reference?.ToString() ?? image}", action))
        {
            return;
        }

        var name = Name;
        object target = name ?? image;
        if (Attach || Interactive)
        {
            RunOnEngine(Image, async (engine, cancellation) =>
            {
                try
                {
                    if (creation!.RefusalFor(engine, target) is { } refusal)
                    {
                        EmitError(refusal);
                        return;
                    }

                    await PrepareAsync(engine, image, reference, cancellation).ConfigureAwait(false);
                    var id = await creation.CreateAsync(engine, image, name, EmitVerbose, EmitWarning, cancellation).ConfigureAwait(false);
                    await RunInForegroundAsync(engine, id, name ?? id.Substring(0, 12), cancellation).ConfigureAwait(false);
                }
                catch (Exception e) when (IsItemFailure(e))
                {
                    // One image failing (a taken name, a pull refused) leaves the next piped image to try.
                    EmitError(e, null, target);
                }
            });
            return;
        }

        if (Prepared(image, reference, target) is { } failure)
        {
            Refuse(Image, failure);
            return;
        }

        Enqueue(Image, () => true, async (engine, outcome, cancellation) =>
        {
            try
            {
                if (await creation!.RunDetachedAsync(engine, image, name, start: !NoStart, outcome.WriteVerbose, outcome.WriteWarning, cancellation).ConfigureAwait(false) is { } container)
                {
                    outcome.Write(container);
                }
            }
            catch (Exception e) when (IsItemFailure(e))
            {
                outcome.Fail(DockerErrorMapper.ToErrorRecord(e, null, target));
            }
        });
    }

    /// <summary>A failure that is the one container's own: the engine's refusal, a pull that failed in its stream.</summary>
    private static bool IsItemFailure(Exception e) => e is DockerApiException or DockerStreamException or System.IO.InvalidDataException;

    /// <summary>
    /// Readies the item's engine for its image on the pipeline thread, where a pull can show its progress, once per
    /// engine and image; the item's error when the engine cannot make it, else null.
    /// </summary>
    private ErrorRecord? Prepared(string image, ImageReference? reference, object target)
    {
        var endpoint = EndpointFor(Image);
        if (prepared.Contains((endpoint, image)))
        {
            return null;
        }

        ErrorRecord? failure = null;
        RunOnEngine(endpoint, async (engine, cancellation) =>
        {
            try
            {
                failure = creation!.RefusalFor(engine, target);
                if (failure is null)
                {
                    await PrepareAsync(engine, image, reference, cancellation).ConfigureAwait(false);
                    prepared.Add((endpoint, image));
                }
            }
            catch (Exception e) when (IsItemFailure(e))
            {
                failure = DockerErrorMapper.ToErrorRecord(e, null, target);
            }
        });
        return failure;
    }

    private Task PrepareAsync(DockerEngine engine, string image, ImageReference? reference, CancellationToken cancellation) =>
        creation!.PrepareAsync(engine, image, reference, Pull, () => new PullProgress($"Pulling {reference}", PullProgressId, EmitProgress), EmitVerbose, cancellation);

    /// <summary>Runs the created container attached to its output (-Attach) or on this terminal (-Interactive), until it exits.</summary>
    private async Task RunInForegroundAsync(DockerEngine engine, string id, string shortName, CancellationToken cancellation)
    {
        if (Interactive)
        {
            await RunInteractiveAsync(engine, id, shortName, cancellation).ConfigureAwait(false);
            return;
        }

        var exitCode = await ForegroundRun.RunAsync(
            engine,
            id,
            proxySignals: !NoSignalProxy && !Tty,
            line => Emit(line),
            line => EmitError(new ErrorRecord(new RemoteException(line), "ContainerStandardError", ErrorCategory.FromStdErr, shortName)),
            cancellation).ConfigureAwait(false);
        EmitVerbose($"Container {shortName} exited with code {exitCode}.");
        if (exitCode != 0)
        {
            EmitError(new ContainerExitException(shortName, exitCode), null, shortName);
        }
    }

    /// <summary>
    /// Attaches the terminal before starting the container, so that nothing it writes first is lost, and returns
    /// when it exits (its exit code is in -Verbose: a shell's is that of the last command typed, so no error) or
    /// the user detaches.
    /// </summary>
    private async Task RunInteractiveAsync(DockerEngine engine, string id, string shortName, CancellationToken cancellation)
    {
        var inspect = await engine.Client.Containers.InspectContainerAsync(id, cancellation).ConfigureAwait(false);
        EmitVerbose($"Running container {shortName} on this terminal; {detachKeys!.Text} detaches.");
        await EmittedAsync().ConfigureAwait(false);

        var exitCode = await AttachedTerminal.RunAsync(
            engine,
            terminal!,
            id,
            inspect.Config!,
            inspect.Created,
            detachKeys,
            token => engine.Client.Containers.StartContainerAsync(id, new ContainerStartParameters { DetachKeys = detachKeys.Text }, token),
            cancellation).ConfigureAwait(false);
        EmitVerbose(exitCode is { } code
            ? $"Container {shortName} exited with code {code.ToString(CultureInfo.InvariantCulture)}."
            : $"Detached from container {shortName}; it goes on running.");
    }
}
