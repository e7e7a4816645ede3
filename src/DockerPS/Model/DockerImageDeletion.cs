namespace DockerPS;

/// <summary>One line of docker rmi's answer: a reference untagged, or an image layer deleted.</summary>
public sealed class DockerImageDeletion
{
    internal DockerImageDeletion(DockerEndpoint endpoint, string? untagged, string? deleted)
    {
        Endpoint = endpoint;
        Untagged = untagged;
        Deleted = deleted;
    }

    public DockerEndpoint Endpoint { get; }

    /// <summary>The docker context the engine was named by; null when it was named by address (-HostAddress, DOCKER_HOST).</summary>
    public string? Context => Endpoint.Context;

    /// <summary>The repository:tag (or repository@digest) that was removed from the image.</summary>
    public string? Untagged { get; }

    /// <summary>The id of an image that was deleted.</summary>
    public string? Deleted { get; }

    /// <summary>As docker rmi prints it: "Untagged: alpine:latest" or "Deleted: sha256:…".</summary>
    public override string ToString() => Untagged is not null ? $"Untagged: {Untagged}" : $"Deleted: {Deleted}";
}
