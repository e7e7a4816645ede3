namespace DockerPS;

/// <summary>How a path in a container's file system differs from its image: docker diff's A, C and D.</summary>
public enum DockerContainerChangeKind
{
    Changed,
    Added,
    Deleted,
}

/// <summary>One path of a container that is not as its image has it, as a line of docker diff: C /etc.</summary>
public sealed class DockerContainerChange
{
    internal DockerContainerChange(DockerEndpoint endpoint, string container, DockerContainerChangeKind kind, string path)
    {
        Endpoint = endpoint;
        Container = container;
        Kind = kind;
        Path = path;
    }

    /// <summary>The engine the container is on.</summary>
    public DockerEndpoint Endpoint { get; }

    /// <summary>The docker context the engine was named by; null when it was named by address (-HostAddress, DOCKER_HOST).</summary>
    public string? Context => Endpoint.Context;

    /// <summary>The container's name, or its id as it was given.</summary>
    public string Container { get; }

    public DockerContainerChangeKind Kind { get; }

    /// <summary>The path in the container.</summary>
    public string Path { get; }

    /// <summary>The letter docker diff shows: A, C or D.</summary>
    public string KindLetter => Kind switch
    {
        DockerContainerChangeKind.Added => "A",
        DockerContainerChangeKind.Deleted => "D",
        _ => "C",
    };

    /// <summary>docker diff's line: C /etc.</summary>
    public override string ToString() => $"{KindLetter} {Path}";
}
