using Docker.DotNet.Models;
using DockerPS.Time;
using Version = System.Version;

namespace DockerPS.Mapping;

/// <summary>Builds DockerInfo and DockerVersion from the engine's /info and /version answers, in ModelMapper's manner.</summary>
internal static class EngineMapper
{
    private const string PodmanComponent = "Podman Engine";

    public static DockerInfo ToInfo(SystemInfoResponse info, DockerEngine engine) => new(engine.Endpoint, engine.Product, engine.ApiVersion)
    {
        Name = info.Name ?? string.Empty,
        Id = info.ID ?? string.Empty,
        ServerVersion = info.ServerVersion ?? string.Empty,
        OperatingSystem = info.OperatingSystem ?? string.Empty,
        OSType = info.OSType ?? string.Empty,
        OSVersion = info.OSVersion ?? string.Empty,
        KernelVersion = info.KernelVersion ?? string.Empty,
        Architecture = info.Architecture ?? string.Empty,
        Cpus = info.NCPU,
        Memory = info.MemTotal,
        StorageDriver = info.Driver ?? string.Empty,

        // Pairs, as the engine sends them ([["Backing Filesystem", "extfs"], …]); a name said twice keeps its first value.
        StorageDriverStatus = (info.DriverStatus ?? new List<string[]>())
            .Where(pair => pair is { Length: 2 })
            .GroupBy(pair => pair[0], StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.First()[1], StringComparer.Ordinal),
        DataRoot = info.DockerRootDir ?? string.Empty,
        Containers = info.Containers,
        ContainersRunning = info.ContainersRunning,
        ContainersPaused = info.ContainersPaused,
        ContainersStopped = info.ContainersStopped,
        Images = info.Images,
        SwarmState = info.Swarm?.LocalNodeState ?? string.Empty,
        CgroupDriver = info.CgroupDriver ?? string.Empty,
        CgroupVersion = info.CgroupVersion ?? string.Empty,
        LoggingDriver = info.LoggingDriver ?? string.Empty,
        DefaultRuntime = info.DefaultRuntime ?? string.Empty,
        SecurityOptions = (info.SecurityOptions ?? new List<string>()).ToList(),
        Labels = (info.Labels ?? new List<string>()).ToList(),
        Warnings = (info.Warnings ?? new List<string>()).ToList(),
    };

    /// <summary>
    /// The engine's versions. Podman is named by its component, as docker version names it (Podman Engine); a dockerd by
    /// its platform (Docker Engine - Community), or Docker Engine where the platform has no name (distributions' builds).
    /// </summary>
    public static DockerVersion ToVersion(VersionResponse version, DockerEngine engine, string clientVersion)
    {
        var components = (version.Components ?? new List<ComponentVersion>())
            .Select(component => new DockerVersionComponent(
                component.Name ?? string.Empty,
                component.Version ?? string.Empty,
                new Dictionary<string, string>(component.Details ?? new Dictionary<string, string>(), StringComparer.Ordinal)))
            .ToList();
        var isPodman = components.Any(component => component.Name == PodmanComponent);
        return new(engine.Endpoint, clientVersion, ApiVersionPolicy.ModuleMinimum, ApiVersionPolicy.LibraryMaximum, engine.ApiVersion)
        {
            Product = isPodman ? PodmanComponent : string.IsNullOrEmpty(version.Platform?.Name) ? "Docker Engine" : version.Platform!.Name,
            IsPodman = isPodman,
            Version = version.Version ?? string.Empty,
            ApiVersion = ApiVersionPolicy.TryParse(version.APIVersion, out var api) ? api : null,
            MinimumApiVersion = ApiVersionPolicy.TryParse(version.MinAPIVersion, out var minimum) ? minimum : null,
            GoVersion = version.GoVersion ?? string.Empty,
            GitCommit = version.GitCommit ?? string.Empty,
            BuildTime = EngineTime.Parse(version.BuildTime),
            OS = version.Os ?? string.Empty,
            Architecture = version.Arch ?? string.Empty,
            KernelVersion = version.KernelVersion ?? string.Empty,
            Experimental = version.Experimental ?? false,
            Components = components,
        };
    }
}
