using System.Reflection;
using Docker.DotNet.Models;
using DockerPS.Images;
using DockerPS.Lookup;

namespace DockerPS.Containers;

/// <summary>
/// Makes containers from docker run's options, checked once: what an engine cannot do refused before it is asked,
/// the image readied (networks looked up, pulled as -Pull says), then one create request per container. The request
/// is copied for each container, so that a batch's containers, created concurrently, never share one.
/// </summary>
internal sealed class ContainerCreation
{
    private static readonly PropertyInfo[] RequestProperties = typeof(CreateContainerParameters)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(property => property.CanRead && property.CanWrite && property.GetIndexParameters().Length == 0)
        .ToArray();

    private readonly CreateContainerParameters template;
    private readonly NetworkAttachments networks;

    public ContainerCreation(CreateContainerParameters template, NetworkAttachments networks)
    {
        this.template = template;
        this.networks = networks;
    }

    /// <summary>
    /// What <paramref name="engine"/> cannot do with these options, as an error about <paramref name="target"/>; null
    /// when it can.
    /// </summary>
    public ErrorRecord? RefusalFor(DockerEngine engine, object target)
    {
        if (engine.IsPodman && PortSpecParser.HostPortRange(template.HostConfig!.PortBindings) is { } range)
        {
            // Podman's compatible API fails on it with a parse error; say what it is instead.
            return new ErrorRecord(
                new NotSupportedException($"Podman cannot publish a container port on a range of host ports ({range}): give one host port, or none for a random one."),
                "PublishRangeNotSupported",
                ErrorCategory.NotImplemented,
                target);
        }

        if (MountSpecParser.NeedsNewerApi(template.HostConfig!.Mounts, engine.ApiVersion) is { } newer)
        {
            // An older engine would drop the option without a word, mounting something other than what was asked.
            return new ErrorRecord(
                new NotSupportedException($"The engine speaks Engine API {engine.ApiVersion}; the mount option {newer.Option} needs {newer.Api} or later (a newer {engine.Product})."),
                "MountOptionNotSupported",
                ErrorCategory.NotImplemented,
                target);
        }

        if (HealthcheckParser.NeedsNewerApi(template.Healthcheck, engine.ApiVersion))
        {
            // The docker CLI refuses the option on such an engine, which would ignore it.
            return new ErrorRecord(
                new NotSupportedException($"-HealthStartInterval (docker run --health-start-interval) requires Engine API {HealthcheckParser.StartIntervalApi}, but the engine's API version is {engine.ApiVersion} (a newer {engine.Product} takes it)."),
                "HealthStartIntervalNotSupported",
                ErrorCategory.NotImplemented,
                target);
        }

        return null;
    }

    /// <summary>
    /// Readies the engine for containers of <paramref name="image"/>: the extra networks exist, and the image is
    /// there (pulled as <paramref name="policy"/> says; an image id names nothing to pull).
    /// </summary>
    public async Task PrepareAsync(DockerEngine engine, string image, ImageReference? reference, PullPolicy policy, Func<PullProgress> progress, Action<string> verbose, CancellationToken cancellation)
    {
        await networks.CheckConnectableAsync(engine, cancellation).ConfigureAwait(false);
        if (reference is not null)
        {
            await ImagePuller.EnsureAsync(engine, image, reference, template.Platform, policy, progress, verbose, cancellation).ConfigureAwait(false);
        }
    }

    /// <summary>Creates one container of <paramref name="image"/>, named <paramref name="name"/> or by the engine, on its networks; returns its id.</summary>
    public async Task<string> CreateAsync(DockerEngine engine, string image, string? name, Action<string> verbose, Action<string> warning, CancellationToken cancellation)
    {
        var request = new CreateContainerParameters();
        foreach (var property in RequestProperties)
        {
            property.SetValue(request, property.GetValue(template));
        }

        request.Image = image;
        request.Name = name!;
        request.NetworkingConfig = networks.ForCreate(engine.ApiVersion)!;
        var created = await engine.Client.Containers.CreateContainerAsync(request, cancellation).ConfigureAwait(false);
        foreach (var message in created.Warnings ?? Enumerable.Empty<string>())
        {
            warning(message);
        }

        await networks.ConnectAfterCreateAsync(engine, created.ID, verbose, cancellation).ConfigureAwait(false);
        return created.ID;
    }

    /// <summary>
    /// Creates one container and, with <paramref name="start"/>, starts it in the background; returns it as the engine
    /// now shows it, or null when -AutoRemove saw it exit and removed it first.
    /// </summary>
    public async Task<DockerContainer?> RunDetachedAsync(DockerEngine engine, string image, string? name, bool start, Action<string> verbose, Action<string> warning, CancellationToken cancellation)
    {
        var id = await CreateAsync(engine, image, name, verbose, warning, cancellation).ConfigureAwait(false);
        if (start)
        {
            await engine.Client.Containers.StartContainerAsync(id, null, cancellation).ConfigureAwait(false);
        }

        try
        {
            return await ContainerLookup.ReadAsync(engine, id, cancellation).ConfigureAwait(false);
        }
        catch (DockerContainerNotFoundException) when (template.HostConfig!.AutoRemove)
        {
            verbose($"Container {id} already exited and was removed (-AutoRemove).");
            return null;
        }
    }
}
