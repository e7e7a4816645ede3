namespace DockerPS.Cleanup;

/// <summary>
/// docker system df's four lines from the engine's answer, counted as the docker CLI counts them. Engines from API
/// 1.52 give their own totals, which the CLI prints (docker/cli 29). Older engines and Podman give the records, which
/// the CLI of their time (docker/cli 28) adds up: images active when a container uses them, reclaimable the layers'
/// total less what the used images hold alone; containers active when running, paused or restarting, reclaimable what
/// the others wrote; volumes active when referred to, reclaimable those no one refers to; the build cache's size the
/// records not shared, reclaimable less those a build holds. The percentage is Go's integer division; the build cache
/// gets none.
/// </summary>
internal static class DiskUsageSummary
{
    public const string ImagesType = "Images";
    public const string ContainersType = "Containers";
    public const string VolumesType = "Local Volumes";
    public const string BuildCacheType = "Build Cache";

    public static IReadOnlyList<DockerDiskUsage> Of(DiskUsageAnswer answer) =>
        answer.Totals is { } totals ? FromEngineTotals(answer.Endpoint, totals) : FromRecords(answer);

    private static IReadOnlyList<DockerDiskUsage> FromEngineTotals(DockerEndpoint endpoint, IReadOnlyDictionary<string, EngineTotals> totals)
    {
        DockerDiskUsage Line(string type, string kind, bool percentage)
        {
            var figures = totals.TryGetValue(kind, out var found) ? found : default;
            return Usage(endpoint, type, figures.TotalCount, figures.ActiveCount, figures.TotalSize, figures.Reclaimable, percentage);
        }

        return new[]
        {
            Line(ImagesType, "image", true),
            Line(ContainersType, "container", true),
            Line(VolumesType, "volume", true),
            Line(BuildCacheType, "build-cache", false),
        };
    }

    private static IReadOnlyList<DockerDiskUsage> FromRecords(DiskUsageAnswer answer)
    {
        var endpoint = answer.Endpoint;

        // An image whose container count is unknown counts as used, as the CLI's "Containers != 0" takes it.
        var imagesUsedAlone = answer.Images
            .Where(image => image.Containers != 0 && image.Size != -1 && image.SharedSize is not null)
            .Sum(image => image.Size - image.SharedSize!.Value);
        var images = Usage(
            endpoint,
            ImagesType,
            answer.Images.Count,
            answer.Images.Count(image => image.Containers > 0),
            answer.LayersSize,
            answer.LayersSize - imagesUsedAlone,
            true);

        var containersSize = answer.Containers.Sum(container => container.Size);
        var containers = Usage(
            endpoint,
            ContainersType,
            answer.Containers.Count,
            answer.Containers.Count(IsActive),
            containersSize,
            answer.Containers.Where(container => !IsActive(container)).Sum(container => container.Size),
            true);

        var counted = answer.Volumes.Where(volume => volume.Size is not null).ToList();
        var volumes = Usage(
            endpoint,
            VolumesType,
            answer.Volumes.Count,
            answer.Volumes.Count(volume => volume.RefCount > 0),
            counted.Sum(volume => volume.Size!.Value),
            counted.Where(volume => volume.RefCount == 0).Sum(volume => volume.Size!.Value),
            true);

        var builderSize = answer.BuildCache.Where(record => !record.Shared).Sum(record => record.Size);
        var buildCache = Usage(
            endpoint,
            BuildCacheType,
            answer.BuildCache.Count,
            answer.BuildCache.Count(record => record.InUse),
            builderSize,
            builderSize - answer.BuildCache.Where(record => record.InUse && !record.Shared).Sum(record => record.Size),
            false);

        return new[] { images, containers, volumes, buildCache };
    }

    /// <summary>running, paused and restarting count as active; created, removing, exited and dead (and anything unknown) do not.</summary>
    private static bool IsActive(DockerContainerDiskUsage container) => container.State is "running" or "paused" or "restarting";

    private static DockerDiskUsage Usage(DockerEndpoint endpoint, string type, long total, long active, long size, long reclaimable, bool percentage) =>
        new(endpoint, type, total, active, size, reclaimable, percentage && size > 0 ? reclaimable * 100 / size : null);
}
