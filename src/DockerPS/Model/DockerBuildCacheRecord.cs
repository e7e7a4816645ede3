namespace DockerPS;

/// <summary>A record of the build cache, as docker system df -v and docker builder du list it.</summary>
public sealed class DockerBuildCacheRecord
{
    internal DockerBuildCacheRecord(
        DockerEndpoint endpoint,
        string id,
        IReadOnlyList<string> parents,
        string type,
        string description,
        bool inUse,
        bool shared,
        long size,
        DateTime? created,
        DateTime? lastUsed,
        long usageCount)
    {
        Endpoint = endpoint;
        Id = id;
        Parents = parents;
        Type = type;
        Description = description;
        InUse = inUse;
        Shared = shared;
        Size = size;
        Created = created;
        LastUsed = lastUsed;
        UsageCount = usageCount;
    }

    /// <summary>The engine the record belongs to.</summary>
    public DockerEndpoint Endpoint { get; }

    /// <summary>The docker context the engine was named by; null when it was named by address (-HostAddress, DOCKER_HOST).</summary>
    public string? Context => Endpoint.Context;

    public string Id { get; }

    /// <summary>The first 12 characters of the id, as docker system df -v shows it.</summary>
    public string ShortId => Id.Length > 12 ? Id.Substring(0, 12) : Id;

    /// <summary>The records this one is built on.</summary>
    public IReadOnlyList<string> Parents { get; }

    /// <summary>regular, source.local, exec.cachemount, frontend, internal …: docker system df -v's CACHE TYPE.</summary>
    public string Type { get; }

    /// <summary>What made the record, such as the build step.</summary>
    public string Description { get; }

    /// <summary>A build holds it now; a prune leaves it.</summary>
    public bool InUse { get; }

    /// <summary>Its data is shared with other records; a prune without -All leaves it.</summary>
    public bool Shared { get; }

    public long Size { get; }

    /// <summary>Creation time, in local time.</summary>
    public DateTime? Created { get; }

    /// <summary>When a build last used it, in local time; null if never.</summary>
    public DateTime? LastUsed { get; }

    public long UsageCount { get; }

    public override string ToString() => Id;
}
