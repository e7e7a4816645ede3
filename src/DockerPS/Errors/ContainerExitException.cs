namespace DockerPS.Errors;

/// <summary>A container run in the foreground (-Attach), or a command run in one, ended with a non-zero exit code.</summary>
public sealed class ContainerExitException : Exception
{
    public ContainerExitException(string container, long exitCode)
        : this(container, exitCode, $"Container {container} exited with code {exitCode}.")
    {
    }

    public ContainerExitException(string container, long exitCode, string message)
        : base(message)
    {
        Container = container;
        ExitCode = exitCode;
    }

    public string Container { get; }

    public long ExitCode { get; }
}
