using System.Text;

namespace DockerPS;

/// <summary>
/// What Clear-DockerSystem did on one engine, as docker system prune reports it: what was removed of each kind, the
/// space reclaimed, and what was kept and why.
/// </summary>
public sealed class DockerCleanupResult
{
    internal DockerCleanupResult(
        DockerEndpoint endpoint,
        IReadOnlyList<string> containersDeleted,
        IReadOnlyList<string> networksDeleted,
        IReadOnlyList<string> volumesDeleted,
        IReadOnlyList<DockerImageDeletion> imagesDeleted,
        IReadOnlyList<string> buildCacheDeleted,
        long spaceReclaimed,
        IReadOnlyList<DockerCleanupKept> kept)
    {
        Endpoint = endpoint;
        ContainersDeleted = containersDeleted;
        NetworksDeleted = networksDeleted;
        VolumesDeleted = volumesDeleted;
        ImagesDeleted = imagesDeleted;
        BuildCacheDeleted = buildCacheDeleted;
        SpaceReclaimed = spaceReclaimed;
        Kept = kept;
    }

    /// <summary>The engine cleaned.</summary>
    public DockerEndpoint Endpoint { get; }

    /// <summary>The docker context the engine was named by; null when it was named by address (-HostAddress, DOCKER_HOST).</summary>
    public string? Context => Endpoint.Context;

    /// <summary>The ids of the containers removed.</summary>
    public IReadOnlyList<string> ContainersDeleted { get; }

    /// <summary>The names of the networks removed.</summary>
    public IReadOnlyList<string> NetworksDeleted { get; }

    /// <summary>The names of the volumes removed.</summary>
    public IReadOnlyList<string> VolumesDeleted { get; }

    /// <summary>The tags taken off and the images deleted, as docker rmi answers.</summary>
    public IReadOnlyList<DockerImageDeletion> ImagesDeleted { get; }

    /// <summary>The ids of the build cache records removed.</summary>
    public IReadOnlyList<string> BuildCacheDeleted { get; }

    /// <summary>How many objects were removed, of every kind (an image counts once it is deleted, not per tag).</summary>
    public int RemovedCount =>
        ContainersDeleted.Count + NetworksDeleted.Count + VolumesDeleted.Count + ImagesDeleted.Count(line => line.Deleted is not null) + BuildCacheDeleted.Count;

    /// <summary>Bytes freed: the engine's figure where it gives one (build cache), else the sizes read before removing.</summary>
    public long SpaceReclaimed { get; }

    /// <summary>What was about to be removed but was kept: declined, in use since, changed since, or refused by the engine.</summary>
    public IReadOnlyList<DockerCleanupKept> Kept { get; }

    /// <summary>docker system prune's report: each kind's removals under its heading, then the space reclaimed.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        void Section(string heading, IEnumerable<string> lines)
        {
            var all = lines.ToList();
            if (all.Count > 0)
            {
                text.AppendLine(heading);
                all.ForEach(line => text.AppendLine(line));
                text.AppendLine();
            }
        }

        Section("Deleted Containers:", ContainersDeleted);
        Section("Deleted Networks:", NetworksDeleted);
        Section("Deleted Volumes:", VolumesDeleted);
        Section("Deleted Images:", ImagesDeleted.Select(line => line.Untagged is not null ? $"untagged: {line.Untagged}" : $"deleted: {line.Deleted}"));
        Section("Deleted build cache objects:", BuildCacheDeleted);
        Section("Kept:", Kept.Select(kept => kept.ToString()));
        text.Append("Total reclaimed space: ").Append(Formatting.DisplayText.HumanSize(SpaceReclaimed));
        return text.ToString();
    }
}

/// <summary>An object Clear-DockerSystem was about to remove but kept, and why.</summary>
public sealed class DockerCleanupKept
{
    internal DockerCleanupKept(DockerEndpoint endpoint, string kind, string name, string id, string reason)
    {
        Endpoint = endpoint;
        Kind = kind;
        Name = name;
        Id = id;
        Reason = reason;
    }

    public DockerEndpoint Endpoint { get; }

    /// <summary>The docker context the engine was named by; null when it was named by address (-HostAddress, DOCKER_HOST).</summary>
    public string? Context => Endpoint.Context;

    /// <summary>container, network, volume, image or build cache.</summary>
    public string Kind { get; }

    /// <summary>The name it was known by when gathered: a container's or network's name, an image's tags, a volume's name.</summary>
    public string Name { get; }

    /// <summary>Its id (a volume's name).</summary>
    public string Id { get; }

    /// <summary>Why it stayed, in a few words or the engine's.</summary>
    public string Reason { get; }

    public override string ToString() => $"{Kind} {Name}: {Reason}";
}
