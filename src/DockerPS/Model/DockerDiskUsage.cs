namespace DockerPS;

/// <summary>
/// One line of docker system df: a kind of object (Images, Containers, Local Volumes, Build Cache), how many there are
/// and are in use, the space they take and what a prune could reclaim, counted as the docker CLI counts them.
/// </summary>
public sealed class DockerDiskUsage
{
    internal DockerDiskUsage(DockerEndpoint endpoint, string type, long totalCount, long activeCount, long size, long reclaimable, long? reclaimablePercent)
    {
        Endpoint = endpoint;
        Type = type;
        TotalCount = totalCount;
        ActiveCount = activeCount;
        Size = size;
        Reclaimable = reclaimable;
        ReclaimablePercent = reclaimablePercent;
    }

    /// <summary>The engine counted.</summary>
    public DockerEndpoint Endpoint { get; }

    /// <summary>The docker context the engine was named by; null when it was named by address (-HostAddress, DOCKER_HOST).</summary>
    public string? Context => Endpoint.Context;

    /// <summary>Images, Containers, Local Volumes or Build Cache: docker system df's TYPE.</summary>
    public string Type { get; }

    /// <summary>How many there are (TOTAL).</summary>
    public long TotalCount { get; }

    /// <summary>
    /// How many are in use (ACTIVE): images some container uses, containers running, paused or restarting, volumes
    /// some container refers to, build cache records a build holds.
    /// </summary>
    public long ActiveCount { get; }

    /// <summary>Bytes on disk (SIZE).</summary>
    public long Size { get; }

    /// <summary>Bytes that removing what is not in use would free (RECLAIMABLE).</summary>
    public long Reclaimable { get; }

    /// <summary>Reclaimable as a whole percentage of Size, as the CLI prints it beside it; null where it prints none.</summary>
    public long? ReclaimablePercent { get; }

    public override string ToString() => Type;
}
