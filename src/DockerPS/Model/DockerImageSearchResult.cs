namespace DockerPS;

/// <summary>A repository found by docker search.</summary>
public sealed class DockerImageSearchResult
{
    internal DockerImageSearchResult(DockerEndpoint endpoint, string registry, string name, string? description, long stars, bool isOfficial, bool isAutomated)
    {
        Endpoint = endpoint;
        Registry = registry;
        Name = name;
        Description = string.IsNullOrEmpty(description) ? null : description;
        Stars = stars;
        IsOfficial = isOfficial;
        IsAutomated = isAutomated;
    }

    /// <summary>The engine that asked the registry.</summary>
    public DockerEndpoint Endpoint { get; }

    /// <summary>The docker context the engine was named by; null when it was named by address (-HostAddress, DOCKER_HOST).</summary>
    public string? Context => Endpoint.Context;

    /// <summary>The registry that answered, such as docker.io.</summary>
    public string Registry { get; }

    /// <summary>The repository's name, ready for Request-DockerImage.</summary>
    public string Name { get; }

    public string? Description { get; }

    public long Stars { get; }

    public bool IsOfficial { get; }

    public bool IsAutomated { get; }

    public override string ToString() => Name;
}
