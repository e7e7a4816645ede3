namespace DockerPS;

/// <summary>Whether the swarm's scheduler may place tasks on a node (docker node update --availability).</summary>
public enum DockerNodeAvailability
{
    /// <summary>New tasks may be placed on the node.</summary>
    Active,

    /// <summary>No new tasks are placed; the running ones stay.</summary>
    Pause,

    /// <summary>No new tasks are placed, and the running ones are moved to other nodes.</summary>
    Drain,
}
