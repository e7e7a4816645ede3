namespace DockerPS;

/// <summary>How a container ended, as Wait-DockerContainer reports it.</summary>
public sealed class DockerContainerExit
{
    internal DockerContainerExit(DockerEndpoint endpoint, string name, long exitCode, string? error)
    {
        Endpoint = endpoint;
        Name = name;
        ExitCode = exitCode;
        Error = string.IsNullOrEmpty(error) ? null : error;
    }

    public DockerEndpoint Endpoint { get; }

    /// <summary>The docker context the engine was named by; null when it was named by address (-HostAddress, DOCKER_HOST).</summary>
    public string? Context => Endpoint.Context;

    /// <summary>The container as it was named to Wait-DockerContainer.</summary>
    public string Name { get; }

    public long ExitCode { get; }

    /// <summary>The engine's explanation when waiting itself failed.</summary>
    public string? Error { get; }

    public override string ToString() => ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
