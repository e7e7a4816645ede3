using DockerPS.Formatting;
using DockerPS.Lookup;

namespace DockerPS.Cleanup;

/// <summary>
/// docker system prune's rules, applied to what an engine has, to decide what Clear-DockerSystem removes. Each kind is
/// decided after the kinds before it, with the objects about to go counting for nothing: stopped containers (exited,
/// created, dead); networks no remaining container is attached to or configured for, bar the predefined ones and
/// those the engine's prune skips (config-only, ingress); with -Volumes, local volumes without driver options that no
/// remaining container mounts, anonymous ones only from API 1.42 (as the engine's volume prune decides by the
/// version it is asked with); images no remaining container uses, dangling ones only unless -All, and the untagged
/// parents left childless by them, which the engine's image delete would take along; with -BuildCache, the records
/// no build holds, without -All those neither shared nor internal. Every kind passes the label and time filters.
/// </summary>
internal static class CleanupPlanner
{
    /// <summary>The label the engine (API 1.42 and later) gives the volumes it makes for a container's anonymous mounts.</summary>
    public const string AnonymousVolumeLabel = "com.docker.volume.anonymous";

    private static readonly System.Version AnonymousOnlyFrom = new(1, 42);
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    /// <summary>What the engine has, as gathered for a plan.</summary>
    internal sealed class EngineContents
    {
        public IReadOnlyList<DockerContainer> Containers { get; set; } = Array.Empty<DockerContainer>();

        /// <summary>Networks with the containers attached (inspected).</summary>
        public IReadOnlyList<DockerNetwork> Networks { get; set; } = Array.Empty<DockerNetwork>();

        /// <summary>Ids of networks the engine's prune never takes: config-only and ingress networks.</summary>
        public ISet<string> NetworksPruneSkips { get; set; } = new HashSet<string>(StringComparer.Ordinal);

        public IReadOnlyList<DockerVolume> Volumes { get; set; } = Array.Empty<DockerVolume>();

        /// <summary>Every image, intermediate ones included, one object per tag.</summary>
        public IReadOnlyList<DockerImage> Images { get; set; } = Array.Empty<DockerImage>();

        public IReadOnlyList<DockerBuildCacheRecord> BuildCache { get; set; } = Array.Empty<DockerBuildCacheRecord>();

        /// <summary>Sizes as the engine's disk usage counted them.</summary>
        public DiskUsageAnswer? Usage { get; set; }
    }

    public static CleanupPlan Plan(DockerEngine engine, CleanupRules rules, EngineContents contents)
    {
        var candidates = new List<CleanupCandidate>();
        var removed = Containers(rules, contents).ToList();
        var removedIds = new HashSet<string>(removed.Select(container => container.Id), StringComparer.Ordinal);
        var remaining = contents.Containers.Where(container => !removedIds.Contains(container.Id)).ToList();
        var containerSizes = (contents.Usage?.Containers ?? new List<DockerContainerDiskUsage>()).GroupBy(usage => usage.Id).ToDictionary(group => group.Key, group => group.First().Size, StringComparer.Ordinal);
        candidates.AddRange(removed.Select(container => new CleanupCandidate(
            CleanupKind.Container,
            container.Id,
            container.Name,
            containerSizes.TryGetValue(container.Id, out var size) ? size : 0)));
        candidates.AddRange(Networks(engine, rules, contents, remaining, removedIds));
        if (rules.Volumes)
        {
            candidates.AddRange(Volumes(engine, rules, contents, remaining));
        }

        candidates.AddRange(Images(rules, contents, remaining));
        if (rules.BuildCache)
        {
            candidates.AddRange(BuildCache(rules, contents));
        }

        return new CleanupPlan(engine, rules, candidates);
    }

    /// <summary>docker container prune's: every container not running (exited, created or dead), as the filters select.</summary>
    private static IEnumerable<DockerContainer> Containers(CleanupRules rules, EngineContents contents) =>
        contents.Containers.Where(container => container.State is "exited" or "created" or "dead" && rules.Admits(container.Labels, container.Created));

    private static IEnumerable<CleanupCandidate> Networks(DockerEngine engine, CleanupRules rules, EngineContents contents, IReadOnlyList<DockerContainer> remaining, ISet<string> removedIds)
    {
        // A remaining container keeps the networks it is configured for, running or not: a stopped one needs them to start.
        var kept = new HashSet<string>(
            remaining.SelectMany(container => container.Networks.Values.SelectMany(attachment => new[] { attachment.Network, attachment.NetworkId ?? string.Empty })),
            StringComparer.Ordinal);
        return contents.Networks
            .Where(network => !NetworkLookup.IsPredefined(network.Name, engine.IsPodman)
                && !contents.NetworksPruneSkips.Contains(network.Id)
                && rules.Admits(network.Labels, network.Created)
                && !kept.Contains(network.Id) && !kept.Contains(network.Name)
                && network.Containers.All(attached => removedIds.Contains(attached.Id)))
            .Select(network => new CleanupCandidate(CleanupKind.Network, network.Id, network.Name, null));
    }

    private static IEnumerable<CleanupCandidate> Volumes(DockerEngine engine, CleanupRules rules, EngineContents contents, IReadOnlyList<DockerContainer> remaining)
    {
        var mounted = new HashSet<string>(
            remaining.SelectMany(container => container.Mounts).Where(mount => mount.Type == "volume" && mount.Name is not null).Select(mount => mount.Name!),
            StringComparer.Ordinal);
        var anonymousOnly = engine.ApiVersion >= AnonymousOnlyFrom;
        var sizes = (contents.Usage?.Volumes ?? new List<DockerVolume>()).GroupBy(volume => volume.Name).ToDictionary(group => group.Key, group => group.First().Size, StringComparer.Ordinal);
        return contents.Volumes
            .Where(volume => volume.Driver == "local" && volume.Options.Count == 0
                && (!anonymousOnly || volume.Labels.ContainsKey(AnonymousVolumeLabel))
                && rules.Admits(volume.Labels, volume.Created)
                && !mounted.Contains(volume.Name))
            .Select(volume => new CleanupCandidate(CleanupKind.Volume, volume.Name, volume.Name, sizes.TryGetValue(volume.Name, out var size) ? size ?? 0 : 0));
    }

    private static IEnumerable<CleanupCandidate> Images(CleanupRules rules, EngineContents contents, IReadOnlyList<DockerContainer> remaining)
    {
        var tagged = contents.Images.GroupBy(image => image.Id, StringComparer.Ordinal).ToList();
        var images = tagged.Select(group => group.First()).ToList();

        // Named as docker images shows the tags (Podman's docker.io/… shortened), removed by the tags the engine keeps.
        var shown = tagged.ToDictionary(group => group.Key, group => string.Join(", ", group.Select(image => image.Name)), StringComparer.Ordinal);
        var byId = images.ToDictionary(image => image.Id, StringComparer.Ordinal);
        var children = images.Where(image => image.ParentId is not null).ToLookup(image => image.ParentId!, image => image.Id, StringComparer.Ordinal);
        var used = new HashSet<string>(remaining.Select(container => container.ImageId), StringComparer.Ordinal);
        bool Unreferenced(DockerImage image) => image.RepoTags.Count == 0 && image.RepoDigests.Count == 0;
        bool Eligible(DockerImage image) => !used.Contains(image.Id) && rules.Admits(image.Labels, image.Created);

        // docker image prune: without -a the leaves without a tag, with -a every image but the untagged ones others are built on.
        var chosen = new HashSet<string>(
            images.Where(image => Eligible(image) && (rules.All
                    ? !(Unreferenced(image) && children[image.Id].Any())
                    : image.RepoTags.Count == 0 && !children[image.Id].Any()))
                .Select(image => image.Id),
            StringComparer.Ordinal);

        // A chosen image is deleted once the images built on it are; one they outlive only loses its tags.
        bool Deleted(string id, int limit) => chosen.Contains(id) && (limit <= 0 || children[id].All(child => Deleted(child, limit - 1)));

        // Deleting an image also deletes the untagged parents it leaves childless; here they are listed, and removed in turn.
        for (var added = true; added;)
        {
            var orphaned = images.Where(image => !chosen.Contains(image.Id) && Unreferenced(image) && Eligible(image)
                && children[image.Id].Any() && children[image.Id].All(child => Deleted(child, images.Count))).ToList();
            orphaned.ForEach(image => chosen.Add(image.Id));
            added = orphaned.Count > 0;
        }

        var sizes = (contents.Usage?.Images ?? new List<DockerImageDiskUsage>()).GroupBy(usage => usage.Id).ToDictionary(group => group.Key, group => group.First(), StringComparer.Ordinal);
        long SizeOf(DockerImage image) =>
            sizes.TryGetValue(image.Id, out var usage) && usage.UniqueSize is { } unique ? unique
            : Math.Max(0, image.Size - (image.ParentId is not null && byId.TryGetValue(image.ParentId, out var parent) ? parent.Size : 0));

        // Children before the images they are built on: the deepest first.
        int Depth(DockerImage image)
        {
            var depth = 0;
            for (var parent = image.ParentId; parent is not null && byId.TryGetValue(parent, out var next) && depth <= byId.Count; parent = next.ParentId)
            {
                depth++;
            }

            return depth;
        }

        return images.Where(image => chosen.Contains(image.Id))
            .OrderByDescending(Depth)
            .Select(image => new CleanupCandidate(
                CleanupKind.Image,
                image.Id,
                image.RepoTags.Count > 0 ? shown[image.Id] : DisplayText.ShortImageId(image.Id),
                Deleted(image.Id, images.Count) ? SizeOf(image) : 0,
                image.RepoTags));
    }

    /// <summary>
    /// docker builder prune's: records no build holds; without -All not those shared with others nor the builder's own
    /// (internal, frontend). Records carry no labels; until= keeps what a build used since.
    /// </summary>
    private static IEnumerable<CleanupCandidate> BuildCache(CleanupRules rules, EngineContents contents)
    {
        var records = contents.BuildCache
            .Where(record => !record.InUse
                && (rules.All || !(record.Shared || record.Type is "internal" or "frontend"))
                && rules.Labels.Admits(NoLabels)
                && (rules.CreatedBefore is null || record.LastUsed is null || record.LastUsed.Value.ToUniversalTime() <= rules.CreatedBefore))
            .ToList();
        var byId = contents.BuildCache.GroupBy(record => record.Id).ToDictionary(group => group.Key, group => group.First(), StringComparer.Ordinal);
        int Depth(DockerBuildCacheRecord record, int limit) =>
            limit <= 0 ? 0 : record.Parents.Select(parent => byId.TryGetValue(parent, out var found) ? 1 + Depth(found, limit - 1) : 0).DefaultIfEmpty(0).Max();

        return records
            .OrderByDescending(record => Depth(record, byId.Count))
            .Select(record => new CleanupCandidate(
                CleanupKind.BuildCache,
                record.Id,
                record.Description.Length > 0 ? $"{record.Type}: {record.Description}" : record.Type,
                record.Size));
    }
}
