using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using DockerPS.Cmdlets;
using DockerPS.Completion;
using DockerPS.Containers;
using DockerPS.Engine;
using DockerPS.Errors;
using DockerPS.Images;
using DockerPS.Registry;
using DockerPS.Streams;
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
public sealed class NewDockerContainerCommand : DockerEngineCmdlet
{
    private const string DetachedSet = "Detached";
    private const string AttachedSet = "Attached";
    private const string InteractiveSet = "Interactive";
    private const int PullProgressId = 1;

    private CreateContainerParameters? template;
    private LocalTerminal? terminal;
    private DetachKeySequence? detachKeys;

    /// <summary>The image to run: name, name:tag, name@digest or host:port/project/name:tag.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("ImageName")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ImageNameCompleter))]
    public string Image { get; set; } = string.Empty;

    /// <summary>The command and its arguments, replacing the image's CMD: -Command /usr/bin/tail, -f, /etc/hosts.</summary>
    [Parameter(Position = 1)]
    public string[]? Command { get; set; }

    /// <summary>The container's name (docker run --name); the engine makes one up when omitted.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    /// <summary>
    /// Ports to publish, in docker run -p's grammar: 80, 81:80, 127.0.0.1:81:80, 127.0.0.1::80, [::1]:81:80,
    /// 53:53/udp, 8000-8002:80-82.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Publish { get; set; }

    /// <summary>Publish every port the image exposes on a random host port (docker run -P).</summary>
    [Parameter]
    public SwitchParameter PublishAll { get; set; }

    /// <summary>Environment variables: a hashtable (@{ MODE = 'prod' }) or NAME=value strings; a bare NAME takes its value from here.</summary>
    [Parameter]
    [ValidateNotNull]
    public object? Environment { get; set; }

    /// <summary>Volumes: /container/path (anonymous), name:/path or /host/path:/path, with :ro and other modes.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Volume { get; set; }

    /// <summary>Labels: a hashtable or key=value strings.</summary>
    [Parameter]
    [ValidateNotNull]
    public object? Label { get; set; }

    /// <summary>DNS servers for the container's /etc/resolv.conf (docker run --dns).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Dns { get; set; }

    /// <summary>Remove the container when it exits (docker run --rm).</summary>
    [Parameter]
    public SwitchParameter AutoRemove { get; set; }

    /// <summary>Replace the image's ENTRYPOINT; an empty string clears it.</summary>
    [Parameter]
    [AllowEmptyString]
    public string[]? Entrypoint { get; set; }

    /// <summary>The working directory inside the container.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? WorkingDirectory { get; set; }

    /// <summary>The user (name or uid, optionally :group) the command runs as.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? User { get; set; }

    /// <summary>The container's host name.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Hostname { get; set; }

    /// <summary>The network to connect to: bridge, host, none, or a network's name.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Network { get; set; }

    /// <summary>no, always, unless-stopped, on-failure or on-failure:N.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RestartPolicyCompleter))]
    public string? RestartPolicy { get; set; }

    /// <summary>A memory limit: bytes, or with a unit (512m, 1g).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Memory { get; set; }

    /// <summary>How many CPUs the container may use, such as 1.5.</summary>
    [Parameter]
    public double Cpus { get; set; }

    /// <summary>Give the container a pseudo-terminal (docker run -t).</summary>
    [Parameter]
    public SwitchParameter Tty { get; set; }

    /// <summary>When to pull the image: Missing (the default), Always or Never.</summary>
    [Parameter]
    public PullPolicy Pull { get; set; } = PullPolicy.Missing;

    /// <summary>Only create the container (docker create).</summary>
    [Parameter(ParameterSetName = DetachedSet)]
    public SwitchParameter NoStart { get; set; }

    /// <summary>
    /// Run in the foreground, like docker run without -d: stdout lines go to the pipeline as they come, stderr
    /// lines to the error stream, and the cmdlet ends when the container exits (a non-zero exit is an error).
    /// Ctrl+C stops the streaming; the container keeps running.
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = AttachedSet)]
    public SwitchParameter Attach { get; set; }

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
            OpenTerminal();
        }

        template = new CreateContainerParameters
        {
            Name = Name,
            // The models' unset lists are null, which the engine reads as "the image's own".
            Cmd = Command!,
            Entrypoint = Entrypoint?.Where(part => part.Length > 0).ToList()!,
            Env = Validated("InvalidEnvironment", () => Environment is null ? null : EnvironmentParser.FromParameter(Environment, System.Environment.GetEnvironmentVariable))!,
            Labels = Validated("InvalidLabel", () => Label is null ? null : ParseLabels(Label))!,
            WorkingDir = WorkingDirectory ?? string.Empty,
            User = User ?? string.Empty,
            Hostname = Hostname ?? string.Empty,
            Tty = Tty.IsPresent || Interactive,
            OpenStdin = Interactive.IsPresent,
            StdinOnce = Interactive.IsPresent,
            AttachStdin = Interactive.IsPresent,
            AttachStdout = Attach || Interactive,
            AttachStderr = Attach || Interactive,
            HostConfig = new HostConfig
            {
                PublishAllPorts = PublishAll.IsPresent,
                DNS = Dns!,
                AutoRemove = AutoRemove.IsPresent,
                NetworkMode = Network ?? string.Empty,
                RestartPolicy = Validated("InvalidRestartPolicy", () => RestartPolicy is null ? null : RestartPolicyParser.Parse(RestartPolicy))!,
                Memory = Validated("InvalidMemory", () => Memory is null ? 0 : MemorySizeParser.Parse(Memory)),
                NanoCPUs = Validated("InvalidCpus", () => MyInvocation.BoundParameters.ContainsKey(nameof(Cpus)) ? CpusParser.ToNanoCpus(Cpus) : 0),
            },
        };

        if (Publish is not null)
        {
            var ports = Validated("InvalidPublish", () => PortSpecParser.Merge(Publish));
            template.ExposedPorts = ports.ExposedPorts;
            template.HostConfig.PortBindings = ports.PortBindings;
        }

        if (Volume is not null)
        {
            var volumes = Validated("InvalidVolume", () => VolumeSpecParser.Merge(Volume, path => SessionState.Path.GetUnresolvedProviderPathFromPSPath(path)));
            template.HostConfig.Binds = volumes.Binds;
            template.Volumes = volumes.Volumes;
        }
    }

    protected override void ProcessRecord()
    {
        var reference = Validated("InvalidImageReference", () => ImageReference.Parse(Image));
        var action = NoStart ? "Create container"
            : Attach ? "Run container in the foreground"
            : Interactive ? "Run container on this terminal"
            : "Create and start container";
        if (!ShouldProcess(Name is null ? $"from image {reference}" : $"{Name} from image {reference}", action))
        {
            return;
        }

        RunAsync(async cancellation =>
        {
            try
            {
                await RunOneAsync(reference, cancellation).ConfigureAwait(false);
            }
            catch (Exception e) when (e is DockerApiException or DockerStreamException or System.IO.InvalidDataException)
            {
                // One image failing (a taken name, a pull refused) leaves the next piped image to try.
                EmitError(e, null, Name ?? Image);
            }
        });
    }

    private async Task RunOneAsync(ImageReference reference, CancellationToken cancellation)
    {
        var engine = await ConnectAsync(cancellation).ConfigureAwait(false);
        if (engine.IsPodman && HostPortRange() is { } range)
        {
            // Podman's compatible API fails on it with a parse error; say what it is instead.
            EmitError(
                new ErrorRecord(
                    new NotSupportedException($"Podman cannot publish a container port on a range of host ports ({range}): give one host port, or none for a random one."),
                    "PublishRangeNotSupported",
                    ErrorCategory.NotImplemented,
                    Name ?? Image));
            return;
        }

        await EnsureImageAsync(engine, reference, cancellation).ConfigureAwait(false);

        var parameters = template!;
        parameters.Image = Image;
        var created = await engine.Client.Containers.CreateContainerAsync(parameters, cancellation).ConfigureAwait(false);
        foreach (var warning in created.Warnings ?? new List<string>())
        {
            EmitWarning(warning);
        }

        if (Attach)
        {
            await RunAttachedAsync(engine, created.ID, cancellation).ConfigureAwait(false);
            return;
        }

        if (Interactive)
        {
            await RunInteractiveAsync(engine, created.ID, cancellation).ConfigureAwait(false);
            return;
        }

        if (!NoStart)
        {
            await engine.Client.Containers.StartContainerAsync(created.ID, null, cancellation).ConfigureAwait(false);
        }

        try
        {
            Emit(await ReadContainerAsync(engine, created.ID, cancellation).ConfigureAwait(false));
        }
        catch (DockerContainerNotFoundException) when (AutoRemove)
        {
            EmitVerbose($"Container {created.ID} already exited and was removed (-AutoRemove).");
        }
    }

    private async Task EnsureImageAsync(DockerEngine engine, ImageReference reference, CancellationToken cancellation)
    {
        if (Pull == PullPolicy.Missing)
        {
            try
            {
                await engine.Client.Images.InspectImageAsync(Image, cancellation).ConfigureAwait(false);
                return;
            }
            catch (DockerImageNotFoundException)
            {
                EmitVerbose($"Unable to find image '{reference}' locally; pulling it.");
            }
        }

        if (Pull == PullPolicy.Never)
        {
            return;
        }

        var progress = new PullProgress($"Pulling {reference}", PullProgressId, record => EmitProgress(record));
        var credentials = RegistryCredentials.Current.Resolve(reference.Registry, null);
        await ImagePuller.PullAsync(engine, reference, null, credentials, progress, cancellation).ConfigureAwait(false);
    }

    /// <summary>
    /// Attaches before starting so no early output is lost, streams the output, and reports the exit code.
    /// The exit code comes from the engine's die event, which survives -AutoRemove removing the container.
    /// </summary>
    private async Task RunAttachedAsync(DockerEngine engine, string id, CancellationToken cancellation)
    {
        var createdAt = (await engine.Client.Containers.InspectContainerAsync(id, cancellation).ConfigureAwait(false)).Created;
        using var stream = await engine.Client.Containers.AttachContainerAsync(
            id,
            new ContainerAttachParameters { Stream = true, Stdout = true, Stderr = true },
            cancellation).ConfigureAwait(false);
        var exit = ContainerExit.WatchAsync(engine, id, createdAt, cancellation);
        await engine.Client.Containers.StartContainerAsync(id, null, cancellation).ConfigureAwait(false);

        var reference = Name ?? id.Substring(0, 12);
        await MultiplexedLines.ReadAsync(
            stream,
            line => Emit(line),
            line => EmitError(new ErrorRecord(new RemoteException(line), "ContainerStandardError", ErrorCategory.FromStdErr, reference)),
            cancellation).ConfigureAwait(false);

        var exitCode = await exit.ConfigureAwait(false);
        EmitVerbose($"Container {reference} exited with code {exitCode}.");
        if (exitCode != 0)
        {
            EmitError(new ContainerExitException(reference, exitCode), null, reference);
        }
    }

    /// <summary>
    /// Attaches the terminal before starting the container, so that nothing it writes first is lost, and returns
    /// when it exits (its exit code is in -Verbose: a shell's is that of the last command typed, so no error) or
    /// the user detaches.
    /// </summary>
    private async Task RunInteractiveAsync(DockerEngine engine, string id, CancellationToken cancellation)
    {
        var inspect = await engine.Client.Containers.InspectContainerAsync(id, cancellation).ConfigureAwait(false);
        var reference = Name ?? id.Substring(0, 12);
        EmitVerbose($"Running container {reference} on this terminal; {detachKeys!.Text} detaches.");
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
            ? $"Container {reference} exited with code {code.ToString(CultureInfo.InvariantCulture)}."
            : $"Detached from container {reference}; it goes on running.");
    }

    /// <summary>The first -Publish mapping of one container port to a range of host ports (8000-8010:80), as port text.</summary>
    private string? HostPortRange() =>
        template!.HostConfig!.PortBindings?
            .SelectMany(pair => (pair.Value ?? new List<PortBinding>()).Select(binding => (Port: pair.Key, Binding: binding)))
            .Where(item => item.Binding.HostPort?.IndexOf('-') > 0)
            .Select(item => $"{(string.IsNullOrEmpty(item.Binding.HostIP) ? string.Empty : item.Binding.HostIP + ":")}{item.Binding.HostPort}:{item.Port}")
            .FirstOrDefault();

    private static async Task<DockerContainer> ReadContainerAsync(DockerEngine engine, string id, CancellationToken cancellation)
    {
        var listed = await engine.Client.Containers.ListContainersAsync(
            new ContainersListParameters { All = true, Filters = new EngineFilters().Add("id", id).ToParameter() },
            cancellation).ConfigureAwait(false);
        return ModelMapper.ToContainer(
            listed.FirstOrDefault(c => c.ID == id) ?? throw new DockerContainerNotFoundException(System.Net.HttpStatusCode.NotFound, id),
            engine.Endpoint);
    }

    private static IDictionary<string, string> ParseLabels(object value)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (value is IDictionary table)
        {
            foreach (DictionaryEntry entry in table)
            {
                labels[LabelKey(Convert.ToString(entry.Key, CultureInfo.InvariantCulture))] = Convert.ToString(entry.Value, CultureInfo.InvariantCulture) ?? string.Empty;
            }

            return labels;
        }

        foreach (var text in EnvironmentParser.Strings(value))
        {
            var equals = text.IndexOf('=');
            labels[LabelKey(equals < 0 ? text : text.Substring(0, equals))] = equals < 0 ? string.Empty : text.Substring(equals + 1);
        }

        return labels;
    }

    private static string LabelKey(string? key) =>
        string.IsNullOrWhiteSpace(key) ? throw new ArgumentException($"invalid label: '{key}': the key is empty") : key!;

    /// <summary>
    /// -Interactive needs a terminal, as docker run -it does, and valid detach keys: refused before anything is
    /// created.
    /// </summary>
    private void OpenTerminal()
    {
        detachKeys = Validated("InvalidDetachKeys", () => DetachKeySequence.Resolve(DetachKeys, DockerCliEnvironment.Current));
        try
        {
            terminal = LocalTerminal.Open(Host, Image);
        }
        catch (ErrorRecordException e)
        {
            ThrowTerminatingError(e.Record);
        }
    }

    /// <summary>Runs a parser; what it refuses becomes a terminating parameter error with a stable id.</summary>
    private T Validated<T>(string errorId, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, errorId, ErrorCategory.InvalidArgument, null));
            throw;
        }
    }
}
