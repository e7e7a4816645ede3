namespace DockerPS;

/// <summary>A swarm node, as docker node ls lists it and docker node inspect describes it.</summary>
public sealed class DockerNode
{
    internal DockerNode(
        DockerEndpoint endpoint,
        string id,
        ulong version,
        string hostname,
        string role,
        string status,
        string availability,
        string? managerStatus,
        string? engineVersion,
        string? address,
        IReadOnlyDictionary<string, string> labels,
        DateTime? created,
        bool isSelf)
    {
        Endpoint = endpoint;
        Id = id;
        Version = version;
        Hostname = hostname;
        Role = role;
        Status = status;
        Availability = availability;
        ManagerStatus = managerStatus;
        EngineVersion = engineVersion;
        Address = address;
        Labels = labels;
        Created = created;
        IsSelf = isSelf;
    }

    /// <summary>The swarm manager the node was listed by; cmdlets given this object ask that manager.</summary>
    public DockerEndpoint Endpoint { get; }

    public string Id { get; }

    /// <summary>The node's version in the swarm's store: an update names the version it read, so a concurrent change is refused, not lost.</summary>
    public ulong Version { get; }

    public string Hostname { get; }

    /// <summary>worker or manager.</summary>
    public string Role { get; }

    /// <summary>ready, down, disconnected or unknown.</summary>
    public string Status { get; }

    /// <summary>active, pause or drain: whether the scheduler places tasks on the node.</summary>
    public string Availability { get; }

    /// <summary>Leader, Reachable or Unreachable for a manager (docker node ls's MANAGER STATUS); null for a worker.</summary>
    public string? ManagerStatus { get; }

    public string? EngineVersion { get; }

    /// <summary>The address the node is reached at in the swarm.</summary>
    public string? Address { get; }

    /// <summary>The node's labels (docker node update --label-add), which placement constraints read.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; }

    public DateTime? Created { get; }

    /// <summary>Whether this is the node of the engine that listed it (docker node ls marks it with *).</summary>
    public bool IsSelf { get; }

    public override string ToString() => Hostname;
}
