namespace DockerPS;

/// <summary>
/// docker version: DockerPS's own version and the Engine API versions it speaks (the client), the engine's versions
/// (the server), and the API version this session agreed with the engine.
/// </summary>
public sealed class DockerVersion
{
    internal DockerVersion(DockerEndpoint endpoint, string clientVersion, Version clientMinimumApiVersion, Version clientApiVersion, Version sessionApiVersion)
    {
        Endpoint = endpoint;
        ClientVersion = clientVersion;
        ClientMinimumApiVersion = clientMinimumApiVersion;
        ClientApiVersion = clientApiVersion;
        SessionApiVersion = sessionApiVersion;
    }

    /// <summary>The engine asked.</summary>
    public DockerEndpoint Endpoint { get; }

    /// <summary>The docker context the engine was named by; null when it was named by address (-HostAddress, DOCKER_HOST).</summary>
    public string? Context => Endpoint.Context;

    /// <summary>DockerPS's version.</summary>
    public string ClientVersion { get; }

    /// <summary>The oldest Engine API DockerPS speaks.</summary>
    public Version ClientMinimumApiVersion { get; }

    /// <summary>The newest Engine API DockerPS speaks.</summary>
    public Version ClientApiVersion { get; }

    /// <summary>The Engine API version this session speaks with the engine: the engine's newest, at most DockerPS's, or DOCKER_API_VERSION.</summary>
    public Version SessionApiVersion { get; }

    /// <summary>What the engine is: Docker Engine, Docker Engine - Community, Podman Engine.</summary>
    public string Product { get; internal set; } = string.Empty;

    /// <summary>Whether the engine is Podman's Docker-compatible API.</summary>
    public bool IsPodman { get; internal set; }

    /// <summary>The engine's version (Podman's own for Podman).</summary>
    public string Version { get; internal set; } = string.Empty;

    /// <summary>The newest Engine API the engine speaks.</summary>
    public Version? ApiVersion { get; internal set; }

    /// <summary>The oldest Engine API the engine speaks.</summary>
    public Version? MinimumApiVersion { get; internal set; }

    public string GoVersion { get; internal set; } = string.Empty;

    public string GitCommit { get; internal set; } = string.Empty;

    /// <summary>When the engine was built, as it says (Podman packages often say 1970).</summary>
    public DateTime? BuildTime { get; internal set; }

    /// <summary>The engine's platform: linux or windows.</summary>
    public string OS { get; internal set; } = string.Empty;

    /// <summary>The engine's architecture, as Go names it: amd64, arm64.</summary>
    public string Architecture { get; internal set; } = string.Empty;

    public string KernelVersion { get; internal set; } = string.Empty;

    public bool Experimental { get; internal set; }

    /// <summary>The engine's parts, as docker version lists them under Server.</summary>
    public IReadOnlyList<DockerVersionComponent> Components { get; internal set; } = Array.Empty<DockerVersionComponent>();

    public override string ToString() => $"{Product} {Version}";
}
