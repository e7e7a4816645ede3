namespace DockerPS;

/// <summary>
/// An image as docker system df -v lists it: under its first tag, with its size, the part it shares with other images
/// and how many containers use it.
/// </summary>
public sealed class DockerImageDiskUsage
{
    internal DockerImageDiskUsage(
        DockerEndpoint endpoint,
        string id,
        string repository,
        string tag,
        IReadOnlyList<string> repoTags,
        IReadOnlyList<string> repoDigests,
        DateTime created,
        long size,
        long? sharedSize,
        long? containers,
        IReadOnlyDictionary<string, string> labels)
    {
        Endpoint = endpoint;
        Id = id;
        Repository = repository;
        Tag = tag;
        RepoTags = repoTags;
        RepoDigests = repoDigests;
        Created = created;
        Size = size;
        SharedSize = sharedSize;
        Containers = containers;
        Labels = labels;
    }

    /// <summary>The engine the image lives on.</summary>
    public DockerEndpoint Endpoint { get; }

    /// <summary>The docker context the engine was named by; null when it was named by address (-HostAddress, DOCKER_HOST).</summary>
    public string? Context => Endpoint.Context;

    /// <summary>The full image id, sha256:…</summary>
    public string Id { get; }

    /// <summary>The first 12 hex digits of the id.</summary>
    public string ShortId => Formatting.DisplayText.ShortImageId(Id);

    /// <summary>The repository of the first tag, or &lt;none&gt;.</summary>
    public string Repository { get; }

    /// <summary>The first tag, or &lt;none&gt;.</summary>
    public string Tag { get; }

    public IReadOnlyList<string> RepoTags { get; }

    public IReadOnlyList<string> RepoDigests { get; }

    /// <summary>Creation time, in local time.</summary>
    public DateTime Created { get; }

    /// <summary>Bytes of all the image's layers.</summary>
    public long Size { get; }

    /// <summary>Bytes of the layers other images share (SHARED SIZE); null where the engine did not count (N/A).</summary>
    public long? SharedSize { get; }

    /// <summary>Bytes only this image holds, freed when it goes (UNIQUE SIZE); null where the shared size is unknown.</summary>
    public long? UniqueSize => SharedSize is null ? null : Size - SharedSize;

    /// <summary>How many containers, running or not, use the image; null where the engine did not count (N/A).</summary>
    public long? Containers { get; }

    public IReadOnlyDictionary<string, string> Labels { get; }

    public override string ToString() => Repository == DockerImage.None || Tag == DockerImage.None ? Id : $"{Repository}:{Tag}";
}
