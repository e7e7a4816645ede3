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
/// (docker create); -Attach runs it in the foreground, streaming its output until it exits; -Interactive runs it
/// on this terminal (docker run -it) until it exits or the user detaches.
/// </summary>
[Cmdlet(VerbsCommon.New, "DockerContainer", SupportsShouldProcess = true, DefaultParameterSetName = DetachedSet)]
[OutputType(typeof(DockerContainer), ParameterSetName = new[] { DetachedSet })]
[OutputType(typeof(string), ParameterSetName = new[] { AttachedSet })]
public sealed class NewDockerContainerCommand : DockerRunOptionsCmdlet
{
    private const string DetachedSet = "Detached";
    private const string AttachedSet = "Attached";
    private const string InteractiveSet = "Interactive";
    private const int PullProgressId = 1;

    private CreateContainerParameters? template;
    private LocalTerminal? terminal;
    private DetachKeySequence? detachKeys;

    /// <summary>
    /// The image to run: name, name:tag, name@digest or host:port/project/name:tag, or an image from the pipeline
    /// (a container from the pipeline runs its image).
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [Alias("ImageName")]
    [ValidateNotNull]
    [ArgumentCompleter(typeof(ImageNameCompleter))]
    public DockerImageIdentity Image { get; set; } = null!;

    /// <summary>When to pull the image: Missing (the default), Always or Never.</summary>
    [Parameter]
    public PullPolicy Pull { get; set; } = PullPolicy.Missing;

    /// <summary>Only create the container (docker create).</summary>
    [Parameter(ParameterSetName = DetachedSet)]
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

        template = BuildTemplate(interactive: Interactive, attach: Attach);
    }

    protected override void ProcessRecord()
    {
        if (!Accepted(new[] { Image }).Any())
        {
            return;
        }

        // An image id (a container's image, from the pipeline) names no repository, and there is nothing to pull.
        var image = Image.Reference;
        var reference = ImageReference.IsImageId(image) ? null : Validated("InvalidImageReference", image, () => ImageReference.Parse(image));
        var action = NoStart ? "Create container"
            : Attach ? "Run container in the foreground"
            : Interactive ? "Run container on this terminal"
            : "Create and start container";
        if (ShouldProcess($"{(Name is null ? string.Empty : Name + " ")}from image {reference?.ToString() ?? image}", action))
        {
            RunOnEngine(Image, async (engine, cancellation) =>
            {
                try
                {
                    await RunOneAsync(engine, image, reference, cancellation).ConfigureAwait(false);
                }
                catch (Exception e) when (e is DockerApiException or DockerStreamException or System.IO.InvalidDataException)
                {
                    // One image failing (a taken name, a pull refused) leaves the next piped image to try.
                    EmitError(e, null, Name ?? image);
                }
            });
        }
    }

    private async Task RunOneAsync(DockerEngine engine, string image, ImageReference? reference, CancellationToken cancellation)
    {
        if (engine.IsPodman && PortSpecParser.HostPortRange(template!.HostConfig!.PortBindings) is { } range)
        {
            // Podman's compatible API fails on it with a parse error; say what it is instead.
            EmitError(new ErrorRecord(
                new NotSupportedException($"Podman cannot publish a container port on a range of host ports ({range}): give one host port, or none for a random one."),
                "PublishRangeNotSupported",
                ErrorCategory.NotImplemented,
                Name ?? image));
            return;
        }

        if (MountSpecParser.NeedsNewerApi(template!.HostConfig!.Mounts, engine.ApiVersion) is { } newer)
        {
            // An older engine would drop the option without a word, mounting something other than what was asked.
            EmitError(new ErrorRecord(
                new NotSupportedException($"The engine speaks Engine API {engine.ApiVersion}; the mount option {newer.Option} needs {newer.Api} or later (a newer {engine.Product})."),
                "MountOptionNotSupported",
                ErrorCategory.NotImplemented,
                Name ?? image));
            return;
        }

        if (HealthcheckParser.NeedsNewerApi(template.Healthcheck, engine.ApiVersion))
        {
            // The docker CLI refuses the option on such an engine, which would ignore it.
            EmitError(new ErrorRecord(
                new NotSupportedException($"-HealthStartInterval (docker run --health-start-interval) requires Engine API {HealthcheckParser.StartIntervalApi}, but the engine's API version is {engine.ApiVersion} (a newer {engine.Product} takes it)."),
                "HealthStartIntervalNotSupported",
                ErrorCategory.NotImplemented,
                Name ?? image));
            return;
        }

        await Networks.CheckConnectableAsync(engine, cancellation).ConfigureAwait(false);
        if (reference is not null)
        {
            await ImagePuller.EnsureAsync(engine, image, reference, template!.Platform, Pull, () => new PullProgress($"Pulling {reference}", PullProgressId, EmitProgress), EmitVerbose, cancellation).ConfigureAwait(false);
        }

        var parameters = template!;
        parameters.Image = image;
        parameters.NetworkingConfig = Networks.ForCreate(engine.ApiVersion)!;
        var created = await engine.Client.Containers.CreateContainerAsync(parameters, cancellation).ConfigureAwait(false);
        (created.Warnings ?? new List<string>()).ToList().ForEach(EmitWarning);
        await Networks.ConnectAfterCreateAsync(engine, created.ID, EmitVerbose, cancellation).ConfigureAwait(false);
        var shortName = Name ?? created.ID.Substring(0, 12);
        if (Attach)
        {
            var exitCode = await ForegroundRun.RunAsync(
                engine,
                created.ID,
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
        else if (Interactive)
        {
            await RunInteractiveAsync(engine, created.ID, shortName, cancellation).ConfigureAwait(false);
        }
        else
        {
            if (!NoStart)
            {
                await engine.Client.Containers.StartContainerAsync(created.ID, null, cancellation).ConfigureAwait(false);
            }

            try
            {
                Emit(await ContainerLookup.ReadAsync(engine, created.ID, cancellation).ConfigureAwait(false));
            }
            catch (DockerContainerNotFoundException) when (AutoRemove)
            {
                EmitVerbose($"Container {created.ID} already exited and was removed (-AutoRemove).");
            }
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
