namespace DockerPS;

/// <summary>The states a container can be in, as the engine's status filter names them.</summary>
public enum DockerContainerStatus
{
    Created,
    Restarting,
    Running,
    Removing,
    Paused,
    Exited,
    Dead,
}
