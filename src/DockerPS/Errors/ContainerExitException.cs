using System;

namespace DockerPS.Errors;

/// <summary>A container run in the foreground (-Attach) ended with a non-zero exit code.</summary>
public sealed class ContainerExitException : Exception
{
    public ContainerExitException(string container, long exitCode)
        : base($"Container {container} exited with code {exitCode}.")
    {
        Container = container;
        ExitCode = exitCode;
    }

    public string Container { get; }

    public long ExitCode { get; }
}
