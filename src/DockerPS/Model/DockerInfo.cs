namespace DockerPS;

/// <summary>What an engine says about itself and its host, as docker info shows it.</summary>
public sealed class DockerInfo
{
    internal DockerInfo(DockerEndpoint endpoint, string product, Version apiVersion)
    {
        Endpoint = endpoint;
        Product = product;
        ApiVersion = apiVersion;
    }

    /// <summary>The engine asked.</summary>
    public DockerEndpoint Endpoint { get; }

    /// <summary>The docker context the engine was named by; null when it was named by address (-HostAddress, DOCKER_HOST).</summary>
    public string? Context => Endpoint.Context;

    /// <summary>Docker or Podman.</summary>
    public string Product { get; }

    /// <summary>The Engine API version this session speaks with the engine.</summary>
    public Version ApiVersion { get; }

    /// <summary>The engine's host name (Name).</summary>
    public string Name { get; internal set; } = string.Empty;

    /// <summary>The engine's own id (ID).</summary>
    public string Id { get; internal set; } = string.Empty;

    /// <summary>The engine's version (Server Version).</summary>
    public string ServerVersion { get; internal set; } = string.Empty;

    /// <summary>The host's operating system, such as Debian GNU/Linux 12 (bookworm).</summary>
    public string OperatingSystem { get; internal set; } = string.Empty;

    /// <summary>linux or windows.</summary>
    public string OSType { get; internal set; } = string.Empty;

    public string OSVersion { get; internal set; } = string.Empty;

    public string KernelVersion { get; internal set; } = string.Empty;

    /// <summary>The host's architecture, as the engine names it (x86_64, aarch64; Podman: amd64, arm64).</summary>
    public string Architecture { get; internal set; } = string.Empty;

    /// <summary>The host's CPUs (NCPU).</summary>
    public long Cpus { get; internal set; }

    /// <summary>The host's memory in bytes (MemTotal; docker info's Total Memory).</summary>
    public long Memory { get; internal set; }

    /// <summary>The storage driver, such as overlay2 (Driver).</summary>
    public string StorageDriver { get; internal set; } = string.Empty;

    /// <summary>What the storage driver reports about itself: Backing Filesystem, Supports d_type …</summary>
    public IReadOnlyDictionary<string, string> StorageDriverStatus { get; internal set; } = new Dictionary<string, string>();

    /// <summary>Where the engine keeps its data (DockerRootDir; docker info's Docker Root Dir).</summary>
    public string DataRoot { get; internal set; } = string.Empty;

    /// <summary>How many containers there are, of any state.</summary>
    public long Containers { get; internal set; }

    public long ContainersRunning { get; internal set; }

    public long ContainersPaused { get; internal set; }

    public long ContainersStopped { get; internal set; }

    /// <summary>How many images there are.</summary>
    public long Images { get; internal set; }

    /// <summary>The swarm state of this node: inactive, pending, active, error or locked.</summary>
    public string SwarmState { get; internal set; } = string.Empty;

    /// <summary>cgroupfs or systemd.</summary>
    public string CgroupDriver { get; internal set; } = string.Empty;

    /// <summary>1 or 2.</summary>
    public string CgroupVersion { get; internal set; } = string.Empty;

    /// <summary>The containers' default logging driver, such as json-file.</summary>
    public string LoggingDriver { get; internal set; } = string.Empty;

    /// <summary>The default runtime, such as runc.</summary>
    public string DefaultRuntime { get; internal set; } = string.Empty;

    /// <summary>The security options in force, such as name=seccomp,profile=default.</summary>
    public IReadOnlyList<string> SecurityOptions { get; internal set; } = Array.Empty<string>();

    /// <summary>The engine's labels (dockerd --label).</summary>
    public IReadOnlyList<string> Labels { get; internal set; } = Array.Empty<string>();

    /// <summary>What the engine warns about its configuration, as docker info prints at its end.</summary>
    public IReadOnlyList<string> Warnings { get; internal set; } = Array.Empty<string>();

    public override string ToString() => Name;
}
