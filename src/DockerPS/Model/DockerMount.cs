namespace DockerPS;

/// <summary>A volume, bind or tmpfs mount inside a container.</summary>
public sealed class DockerMount
{
    public DockerMount(DockerEndpoint? endpoint, string? type, string? name, string? source, string destination, string? mode, bool readWrite)
    {
        Endpoint = endpoint;
        Type = type ?? "volume";
        Name = string.IsNullOrEmpty(name) ? null : name;
        Source = string.IsNullOrEmpty(source) ? null : source;
        Destination = destination;
        Mode = mode ?? string.Empty;
        ReadWrite = readWrite;
    }

    /// <summary>The engine of the container the mount belongs to: a volume mount piped to a volume cmdlet acts there.</summary>
    public DockerEndpoint? Endpoint { get; }

    /// <summary>The docker context the engine was named by; null when it was named by address (-HostAddress, DOCKER_HOST).</summary>
    public string? Context => Endpoint?.Context;

    /// <summary>bind, volume, tmpfs, npipe or cluster.</summary>
    public string Type { get; }

    /// <summary>The volume's name (volumes only).</summary>
    public string? Name { get; }

    public string? Source { get; }

    public string Destination { get; }

    public string Mode { get; }

    public bool ReadWrite { get; }

    public override string ToString() => $"{Name ?? Source}:{Destination}{(ReadWrite ? string.Empty : ":ro")}";
}
