namespace DockerPS;

/// <summary>
/// An image under one repository:tag, as docker images lists it: an image with three tags is three objects
/// that share an Id.
/// </summary>
public sealed class DockerImage
{
    internal const string None = "<none>";

    internal DockerImage(
        DockerEndpoint endpoint,
        string id,
        string repository,
        string tag,
        IReadOnlyList<string> repoTags,
        IReadOnlyList<string> repoDigests,
        DateTime created,
        long size,
        IReadOnlyDictionary<string, string> labels,
        IReadOnlyList<string> containers,
        string? parentId)
    {
        Endpoint = endpoint;
        Id = id;
        Repository = repository;
        Tag = tag;
        RepoTags = repoTags;
        RepoDigests = repoDigests;
        Created = created;
        Size = size;
        Labels = labels;
        Containers = containers;
        ParentId = string.IsNullOrEmpty(parentId) ? null : parentId;
    }

    /// <summary>The engine the image lives on; cmdlets given this object act on that engine.</summary>
    public DockerEndpoint Endpoint { get; }

    /// <summary>The docker context the engine was named by; null when it was named by address (-HostAddress, DOCKER_HOST).</summary>
    public string? Context => Endpoint.Context;

    /// <summary>The full image id, sha256:…</summary>
    public string Id { get; }

    /// <summary>The first 12 hex digits of the id, as docker images shows it.</summary>
    public string ShortId => Formatting.DisplayText.ShortImageId(Id);

    /// <summary>The repository, or &lt;none&gt; for an untagged image.</summary>
    public string Repository { get; }

    /// <summary>The tag, or &lt;none&gt;.</summary>
    public string Tag { get; }

    /// <summary>repository:tag, or the id when the image has no tag; what other cmdlets take as -Name.</summary>
    public string Name => Repository == None || Tag == None ? Id : $"{Repository}:{Tag}";

    /// <summary>Every repository:tag of the image.</summary>
    public IReadOnlyList<string> RepoTags { get; }

    /// <summary>Every repository@digest of the image.</summary>
    public IReadOnlyList<string> RepoDigests { get; }

    /// <summary>Creation time, in local time.</summary>
    public DateTime Created { get; }

    /// <summary>Size in bytes.</summary>
    public long Size { get; }

    public IReadOnlyDictionary<string, string> Labels { get; }

    /// <summary>Names of the containers (running or not) created from this image.</summary>
    public IReadOnlyList<string> Containers { get; }

    public string? ParentId { get; }

    public override string ToString() => Name;
}
