using Docker.DotNet.Models;
using DockerPS.Lookup;

namespace DockerPS.Services;

/// <summary>
/// docker service update and rollback: the service's spec read, changed and sent back with the version it was read
/// at, as the CLI sends it, so a change made in between is refused rather than overwritten.
/// </summary>
internal static class ServiceUpdate
{
    /// <summary>Scales the service and gives its tasks a new image (a rolling update); a null leaves that as it is.</summary>
    /// <exception cref="InvalidOperationException">A global service asked to scale.</exception>
    public static async Task<IList<string>> ChangeAsync(DockerEngine engine, string reference, int? replicas, string? image, CancellationToken cancellation)
    {
        var (raw, service) = await ServiceLookup.ReadAsync(engine, reference, cancellation).ConfigureAwait(false);
        var spec = raw.Spec ?? new ServiceSpec();
        if (replicas is { } count)
        {
            spec.Mode = spec.Mode?.Replicated is not null
                ? new ServiceMode { Replicated = new ReplicatedService { Replicas = (ulong)count } }
                : throw new InvalidOperationException($"Service {service.Name} is {service.Mode}: -Replicas can only be used with replicated mode.");
        }

        if (image is not null)
        {
            spec.TaskTemplate ??= new TaskSpec();
            spec.TaskTemplate.ContainerSpec ??= new ContainerSpec();
            spec.TaskTemplate.ContainerSpec.Image = image;
        }

        var answer = await engine.Client.Swarm.UpdateServiceAsync(raw.ID, new ServiceUpdateParameters { Service = spec, Version = (long)service.Version }, cancellation).ConfigureAwait(false);
        return answer.Warnings ?? new List<string>();
    }

    /// <summary>Goes back to the spec the service had before its last update (docker service rollback).</summary>
    public static async Task<IList<string>> RollBackAsync(DockerEngine engine, string reference, CancellationToken cancellation)
    {
        var (raw, service) = await ServiceLookup.ReadAsync(engine, reference, cancellation).ConfigureAwait(false);
        var answer = await engine.Client.Swarm.UpdateServiceAsync(
            raw.ID,
            new ServiceUpdateParameters { Service = raw.Spec!, Version = (long)service.Version, Rollback = "previous" },
            cancellation).ConfigureAwait(false);
        return answer.Warnings ?? new List<string>();
    }
}
