namespace DockerPS;

/// <summary>A container as docker system df -v lists it: what it wrote to its own layer, and the local volumes it mounts.</summary>
public sealed class DockerContainerDiskUsage
{
    internal DockerContainerDiskUsage(
        DockerEndpoint endpoint,
        string id,
        IReadOnlyList<string> names,
        string image,
        string command,
        DateTime created,
        string state,
        string status,
        long size,
        int localVolumes,
        IReadOnlyDictionary<string, string> labels)
    {
        Endpoint = endpoint;
        Id = id;
        Names = names;
        Image = image;
        Command = command;
        Created = created;
        State = state;
        Status = status;
        Size = size;
        LocalVolumes = localVolumes;
        Labels = labels;
    }

    /// <summary>The engine the container lives on.</summary>
    public DockerEndpoint Endpoint { get; }

    /// <summary>The docker context the engine was named by; null when it was named by address (-HostAddress, DOCKER_HOST).</summary>
    public string? Context => Endpoint.Context;

    public string Id { get; }

    /// <summary>The first 12 characters of the id.</summary>
    public string ShortId => Id.Length > 12 ? Id.Substring(0, 12) : Id;

    /// <summary>The container's name, without the leading slash.</summary>
    public string Name => Names.Count > 0 ? Names[0] : ShortId;

    public IReadOnlyList<string> Names { get; }

    public string Image { get; }

    public string Command { get; }

    /// <summary>Creation time, in local time.</summary>
    public DateTime Created { get; }

    /// <summary>created, restarting, running, removing, paused, exited or dead.</summary>
    public string State { get; }

    /// <summary>The engine's status text, such as "Exited (0) 3 hours ago".</summary>
    public string Status { get; }

    /// <summary>Bytes the container wrote to its writable layer (SIZE), freed when it is removed.</summary>
    public long Size { get; }

    /// <summary>How many volumes of the local driver it mounts (LOCAL VOLUMES).</summary>
    public int LocalVolumes { get; }

    public IReadOnlyDictionary<string, string> Labels { get; }

    public override string ToString() => Name;
}
