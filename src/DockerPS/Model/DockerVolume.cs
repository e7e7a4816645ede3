namespace DockerPS;

/// <summary>A volume, as docker volume ls lists it and docker volume inspect describes it; with -Size also its disk usage.</summary>
public sealed class DockerVolume
{
    internal DockerVolume(
        DockerEndpoint endpoint,
        string name,
        string driver,
        string? mountpoint,
        DateTime? created,
        IReadOnlyDictionary<string, string> labels,
        string scope,
        IReadOnlyDictionary<string, string> options)
    {
        Endpoint = endpoint;
        Name = name;
        Driver = driver;
        Mountpoint = string.IsNullOrEmpty(mountpoint) ? null : mountpoint;
        Created = created;
        Labels = labels;
        Scope = scope;
        Options = options;
    }

    /// <summary>The engine the volume lives on; cmdlets given this object act on that engine.</summary>
    public DockerEndpoint Endpoint { get; }

    /// <summary>The docker context the engine was named by; null when it was named by address (-HostAddress, DOCKER_HOST).</summary>
    public string? Context => Endpoint.Context;

    /// <summary>The volume's name; the engine makes up a 64-hex one for an anonymous volume.</summary>
    public string Name { get; }

    /// <summary>The volume driver: local, or a plugin's name.</summary>
    public string Driver { get; }

    /// <summary>Where the volume's data lives on the engine's host.</summary>
    public string? Mountpoint { get; }

    /// <summary>Creation time, in local time; null when the driver does not say.</summary>
    public DateTime? Created { get; }

    public IReadOnlyDictionary<string, string> Labels { get; }

    /// <summary>local (this engine) or global (the whole swarm).</summary>
    public string Scope { get; }

    /// <summary>The driver options the volume was created with (docker volume create -o).</summary>
    public IReadOnlyDictionary<string, string> Options { get; }

    /// <summary>Bytes of data in the volume, as docker system df -v counts them; -Size only, and null where the driver cannot tell.</summary>
    public long? Size { get; private set; }

    /// <summary>How many containers, running or not, refer to the volume (docker system df -v's LINKS); -Size only.</summary>
    public long? RefCount { get; private set; }

    public override string ToString() => Name;

    /// <summary>The engine's disk-usage figures; its -1 means "not available", which is null here.</summary>
    internal void AddUsage(long size, long refCount)
    {
        Size = size < 0 ? null : size;
        RefCount = refCount < 0 ? null : refCount;
    }
}
