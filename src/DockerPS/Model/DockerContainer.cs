namespace DockerPS;

/// <summary>A container, as docker ps lists it; with -Detailed also what docker inspect adds.</summary>
public sealed class DockerContainer
{
    internal DockerContainer(
        DockerEndpoint endpoint,
        string id,
        IReadOnlyList<string> names,
        string image,
        string imageId,
        string command,
        DateTime created,
        string state,
        string status,
        string? health,
        IReadOnlyList<DockerPortBinding> ports,
        IReadOnlyDictionary<string, string> labels,
        IReadOnlyDictionary<string, DockerNetworkAttachment> networks,
        IReadOnlyList<DockerMount> mounts)
    {
        Endpoint = endpoint;
        Id = id;
        Names = names;
        Image = image;
        ImageId = imageId;
        Command = command;
        Created = created;
        State = state;
        Status = status;
        Health = health;
        Ports = ports;
        Labels = labels;
        Networks = networks;
        Mounts = mounts;
    }

    /// <summary>The engine the container lives on; cmdlets given this object act on that engine.</summary>
    public DockerEndpoint Endpoint { get; }

    /// <summary>The docker context the engine was named by; null when it was named by address (-HostAddress, DOCKER_HOST).</summary>
    public string? Context => Endpoint.Context;

    public string Id { get; }

    /// <summary>The first 12 characters of the id, as docker ps shows it.</summary>
    public string ShortId => Id.Length > 12 ? Id.Substring(0, 12) : Id;

    /// <summary>The container's name, without the leading slash.</summary>
    public string Name => Names.Count > 0 ? Names[0] : ShortId;

    public IReadOnlyList<string> Names { get; }

    public string Image { get; }

    public string ImageId { get; }

    public string Command { get; }

    /// <summary>Creation time, in local time.</summary>
    public DateTime Created { get; }

    /// <summary>created, restarting, running, removing, paused, exited or dead.</summary>
    public string State { get; }

    /// <summary>
    /// The status text docker ps shows, such as "Up 2 minutes (healthy)" or "Exited (0) 3 hours ago"; a running
    /// container's health is in it, on Podman too, whose own text leaves it out.
    /// </summary>
    public string Status { get; private set; }

    public IReadOnlyList<DockerPortBinding> Ports { get; }

    /// <summary>The ports as the docker ps PORTS column shows them.</summary>
    public string PortSummary => Formatting.DisplayText.PortList(Ports);

    public IReadOnlyDictionary<string, string> Labels { get; }

    /// <summary>Networks by name, with the container's addresses on each.</summary>
    public IReadOnlyDictionary<string, DockerNetworkAttachment> Networks { get; }

    public IReadOnlyList<DockerMount> Mounts { get; }

    /// <summary>True when the object was made with -Detailed and carries the inspect data below.</summary>
    public bool IsDetailed { get; private set; }

    /// <summary>The main process id on the engine's host (State.Pid); 0 when not running. -Detailed only.</summary>
    public long? Pid { get; private set; }

    public long? ExitCode { get; private set; }

    public DateTime? StartedAt { get; private set; }

    public DateTime? FinishedAt { get; private set; }

    public long? RestartCount { get; private set; }

    /// <summary>
    /// starting, healthy or unhealthy for a running container with a health check, as docker ps shows it; null
    /// otherwise. With -Detailed, inspect's State.Health.Status, which a stopped container keeps.
    /// </summary>
    public string? Health { get; private set; }

    /// <summary>The whole docker inspect document, navigable as objects. -Detailed only.</summary>
    public PSObject? Inspect { get; private set; }

    public override string ToString() => Name;

    /// <summary>The health the engine reports apart from the status text (Podman); the text then shows it as docker ps does.</summary>
    internal void ReportHealth(string health)
    {
        Health = health;
        Status = Containers.ContainerHealth.StatusWithHealth(Status, health);
    }

    internal void AddInspectDetails(long pid, long exitCode, DateTime? startedAt, DateTime? finishedAt, long restartCount, string? health, PSObject inspect)
    {
        IsDetailed = true;
        Pid = pid;
        ExitCode = exitCode;
        StartedAt = startedAt;
        FinishedAt = finishedAt;
        RestartCount = restartCount;
        Health = health;
        Inspect = inspect;
    }
}
