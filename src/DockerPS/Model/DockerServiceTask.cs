namespace DockerPS;

/// <summary>One task of a Swarm service (a container on a node, or the place for one), as docker service ps shows it.</summary>
public sealed class DockerServiceTask
{
    internal DockerServiceTask(
        DockerEndpoint endpoint,
        string id,
        string name,
        string serviceId,
        string service,
        long? slot,
        string? nodeId,
        string? node,
        string image,
        string desiredState,
        string currentState,
        DateTime? stateSince,
        string? message,
        string? error,
        string? containerId,
        int? exitCode)
    {
        Endpoint = endpoint;
        Id = id;
        Name = name;
        ServiceId = serviceId;
        Service = service;
        Slot = slot;
        NodeId = nodeId;
        Node = node;
        Image = image;
        DesiredState = desiredState;
        CurrentState = currentState;
        StateSince = stateSince;
        Message = message;
        Error = error;
        ContainerId = containerId;
        ExitCode = exitCode;
    }

    /// <summary>The Swarm manager the task was read from.</summary>
    public DockerEndpoint Endpoint { get; }

    public string Id { get; }

    /// <summary>The first 12 characters of the id, as docker service ps shows it.</summary>
    public string ShortId => Id.Length > 12 ? Id.Substring(0, 12) : Id;

    /// <summary>service.slot for a replicated service, service.node-id for a global one, as docker service ps names tasks.</summary>
    public string Name { get; }

    public string ServiceId { get; }

    /// <summary>The service's name.</summary>
    public string Service { get; }

    /// <summary>The replica's slot (1, 2 …); null for a global service's task.</summary>
    public long? Slot { get; }

    public string? NodeId { get; }

    /// <summary>The node's hostname; null before the task is given a node.</summary>
    public string? Node { get; }

    public string Image { get; }

    /// <summary>What the orchestrator wants of the task: running, shutdown, accepted …</summary>
    public string DesiredState { get; }

    /// <summary>Where the task is: new, pending, assigned, preparing, starting, running, complete, shutdown, failed, rejected …</summary>
    public string CurrentState { get; }

    /// <summary>When the task got to its current state, in local time.</summary>
    public DateTime? StateSince { get; }

    /// <summary>The engine's note on the state (started, finished …).</summary>
    public string? Message { get; }

    /// <summary>Why the task failed or was rejected; null when it did not.</summary>
    public string? Error { get; }

    /// <summary>The task's container, once there is one.</summary>
    public string? ContainerId { get; }

    /// <summary>The container's exit code, once it has exited.</summary>
    public int? ExitCode { get; }

    public override string ToString() => Name;
}
