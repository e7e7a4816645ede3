namespace DockerPS;

/// <summary>What a node is in a swarm: a worker runs tasks; a manager also keeps the swarm's state and schedules.</summary>
public enum DockerSwarmRole
{
    Worker,
    Manager,
}
