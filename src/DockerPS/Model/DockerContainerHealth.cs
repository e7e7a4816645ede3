namespace DockerPS;

/// <summary>A container's health, as the engine's health filter names it: None is a container without a health check.</summary>
public enum DockerContainerHealth
{
    None,
    Starting,
    Healthy,
    Unhealthy,
}
