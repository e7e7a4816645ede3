namespace DockerPS;

/// <summary>Which of a container's output streams Get-DockerContainerLog reads.</summary>
public enum DockerLogStream
{
    All,
    Stdout,
    Stderr,
}
