using Docker.DotNet.Models;
using DockerPS.Completion;
using DockerPS.Containers;

namespace DockerPS.Commands;

/// <summary>
/// docker update: changes the restart policy and resource limits of containers, running or not, as a batch. What
/// is fixed at create (ports, image, mounts, networks) takes a new container.
/// </summary>
[Cmdlet(VerbsCommon.Set, "DockerContainer", SupportsShouldProcess = true)]
[OutputType(typeof(DockerContainer))]
public sealed class SetDockerContainerCommand : DockerContainerStateCmdlet
{
    private ContainerUpdate update = new();

    /// <summary>no, always, unless-stopped, on-failure or on-failure:N.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RestartPolicyCompleter))]
    public string? RestartPolicy { get; set; }

    /// <summary>A memory limit: bytes, or with a unit (512m, 1g); 6m at least.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Memory { get; set; }

    /// <summary>A soft limit the engine holds the container to when the host runs short of memory (512m).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? MemoryReservation { get; set; }

    /// <summary>Memory and swap together (1g), at least -Memory; -1 for unlimited swap.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? MemorySwap { get; set; }

    /// <summary>How many CPUs the container may use, such as 1.5.</summary>
    [Parameter]
    public double Cpus { get; set; }

    /// <summary>The container's CPU weight against others (1024 is the default weight).</summary>
    [Parameter]
    [ValidateRange(2, 262144)]
    public long CpuShares { get; set; }

    /// <summary>The CPUs the container may run on: 0-3, 0,2.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CpusetCpus { get; set; }

    /// <summary>The most processes the container may run; -1 for no limit.</summary>
    [Parameter]
    [ValidateRange(-1, long.MaxValue)]
    public long PidsLimit { get; set; }

    protected override string Action => "Update (" + string.Join(", ", Changes()) + ")";

    protected override void BeginProcessing()
    {
        update = new ContainerUpdate
        {
            RestartPolicy = RestartPolicy is null ? null : Validated("InvalidRestartPolicy", RestartPolicy, () => RestartPolicyParser.Parse(RestartPolicy)),
            Memory = Memory is null ? null : Validated("InvalidMemory", Memory, () => MemorySizeParser.Parse(Memory)),
            MemoryReservation = MemoryReservation is null ? null : Validated("InvalidMemory", MemoryReservation, () => MemorySizeParser.Parse(MemoryReservation)),
            MemorySwap = MemorySwap is null ? null : Validated("InvalidMemory", MemorySwap, () => ContainerUpdate.ParseMemorySwap(MemorySwap)),
            NanoCpus = Bound(nameof(Cpus)) ? Validated("InvalidCpus", Cpus, () => CpusParser.ToNanoCpus(Cpus)) : null,
            CpuShares = Bound(nameof(CpuShares)) ? CpuShares : null,
            CpusetCpus = CpusetCpus is null ? null : Validated("InvalidCpusetCpus", CpusetCpus, () => ContainerUpdate.CheckCpuList(CpusetCpus)),
            PidsLimit = Bound(nameof(PidsLimit)) ? PidsLimit : null,
        };
        if (update.IsEmpty)
        {
            ThrowFailure(new ErrorRecord(new ArgumentException("you must provide one or more flags when using this command"), "NoChangeGiven", ErrorCategory.InvalidArgument, null));
        }

        Validated("InvalidMemory", Memory ?? MemoryReservation ?? MemorySwap, () =>
        {
            update.CheckMemory();
            return true;
        });
        base.BeginProcessing();
    }

    private protected override async Task ChangeStateAsync(DockerEngine engine, string reference, BatchOutcome outcome, CancellationToken cancellation)
    {
        if (engine.IsPodman && !ContainerUpdate.PodmanCanUpdate(engine.EngineVersion))
        {
            // Asked anyway, Podman answers a bare "Not Found" that reads as a missing container, and may drop the connection.
            outcome.Fail(NotSupported(reference, $"Podman {engine.EngineVersion} has no Docker-compatible container update (Podman 5.1 added it)"));
            return;
        }

        var parameters = update.ToParameters();
        if (engine.IsPodman && parameters.RestartPolicy is null)
        {
            // Podman's update sets the restart policy to none when the request leaves it out: send the container's own.
            var inspect = await engine.Client.Containers.InspectContainerAsync(reference, cancellation).ConfigureAwait(false);
            parameters.RestartPolicy = inspect.HostConfig?.RestartPolicy!;
        }

        ContainerUpdateResponse answer;
        try
        {
            answer = await engine.Client.Containers.UpdateContainerAsync(reference, parameters, cancellation).ConfigureAwait(false);
        }
        catch (DockerApiException e) when ((int)e.StatusCode == 404 && DockerErrorMapper.DaemonMessage(e).IndexOf("no such container", StringComparison.OrdinalIgnoreCase) < 0)
        {
            outcome.Fail(NotSupported(reference, $"Error response from daemon: {DockerErrorMapper.DaemonMessage(e)}: this engine has no container update (POST /containers/{{id}}/update)"));
            return;
        }

        foreach (var warning in answer?.Warnings ?? Enumerable.Empty<string>())
        {
            outcome.WriteWarning($"{reference}: {warning}");
        }
    }

    private static ErrorRecord NotSupported(string reference, string reason) =>
        new(new NotSupportedException(reason + ", so it cannot change a container in place."), "UpdateNotSupported", ErrorCategory.NotImplemented, reference);

    private bool Bound(string parameter) => MyInvocation.BoundParameters.ContainsKey(parameter);

    /// <summary>The changes as the user gave them, for ShouldProcess: "-Memory 512m, -RestartPolicy always".</summary>
    private IEnumerable<string> Changes() =>
        new[] { nameof(RestartPolicy), nameof(Memory), nameof(MemoryReservation), nameof(MemorySwap), nameof(Cpus), nameof(CpuShares), nameof(CpusetCpus), nameof(PidsLimit) }
            .Where(Bound)
            .Select(name => $"-{name} {Convert.ToString(MyInvocation.BoundParameters[name], System.Globalization.CultureInfo.InvariantCulture)}");
}
