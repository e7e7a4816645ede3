namespace DockerPS;

/// <summary>A Swarm service, as docker service ls and docker service inspect show it.</summary>
public sealed class DockerService
{
    internal DockerService(
        DockerEndpoint endpoint,
        string id,
        string name,
        string mode,
        ulong? replicas,
        ulong? runningTasks,
        ulong? desiredTasks,
        string image,
        IReadOnlyList<string> command,
        IReadOnlyList<DockerServicePort> ports,
        IReadOnlyDictionary<string, string> labels,
        ulong version,
        string? updateState,
        string? updateMessage,
        DateTime? created,
        DateTime? updated)
    {
        Endpoint = endpoint;
        Id = id;
        Name = name;
        Mode = mode;
        Replicas = replicas;
        RunningTasks = runningTasks;
        DesiredTasks = desiredTasks;
        Image = image;
        Command = command;
        Ports = ports;
        Labels = labels;
        Version = version;
        UpdateState = updateState;
        UpdateMessage = updateMessage;
        Created = created;
        Updated = updated;
    }

    /// <summary>The engine (a Swarm manager) the service was read from; cmdlets given this object act on that engine.</summary>
    public DockerEndpoint Endpoint { get; }

    public string Id { get; }

    /// <summary>The first 12 characters of the id, as docker service ls shows it.</summary>
    public string ShortId => Id.Length > 12 ? Id.Substring(0, 12) : Id;

    public string Name { get; }

    /// <summary>replicated or global.</summary>
    public string Mode { get; }

    /// <summary>The tasks asked for, for a replicated service; null for a global one.</summary>
    public ulong? Replicas { get; }

    /// <summary>The tasks running now; null when the engine does not count them (before Engine API 1.41).</summary>
    public ulong? RunningTasks { get; }

    /// <summary>The tasks the service should have running: its replicas, or for a global service the nodes it may run on.</summary>
    public ulong? DesiredTasks { get; }

    /// <summary>docker service ls's REPLICAS: running/desired.</summary>
    public string ReplicasText => RunningTasks is { } running && DesiredTasks is { } desired
        ? $"{running}/{desired}"
        : Replicas is { } replicas ? $"?/{replicas}" : string.Empty;

    /// <summary>The image the service's tasks run, as its spec names it.</summary>
    public string Image { get; }

    /// <summary>The command the tasks run instead of the image's (docker service create's COMMAND); empty for the image's own.</summary>
    public IReadOnlyList<string> Command { get; }

    /// <summary>The published ports, in ingress (the routing mesh) or host mode.</summary>
    public IReadOnlyList<DockerServicePort> Ports { get; }

    /// <summary>docker service ls's PORTS: the ports the routing mesh publishes, as *:8080->80/tcp.</summary>
    public string PortsText => string.Join(", ", Ports.Where(port => port.PublishMode == DockerServicePort.Ingress).Select(port => port.ToString()));

    public IReadOnlyDictionary<string, string> Labels { get; }

    /// <summary>The spec's version index: an update names it, so two updates cannot overwrite each other unseen.</summary>
    public ulong Version { get; }

    /// <summary>The last rolling update's state (updating, paused, completed, rollback_started … rollback_completed); null when the service was never updated.</summary>
    public string? UpdateState { get; }

    /// <summary>What the engine said of the last rolling update.</summary>
    public string? UpdateMessage { get; }

    /// <summary>Creation time, in local time.</summary>
    public DateTime? Created { get; }

    /// <summary>When the spec last changed, in local time.</summary>
    public DateTime? Updated { get; }

    public override string ToString() => Name;
}
