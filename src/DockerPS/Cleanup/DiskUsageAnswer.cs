using System.Text.Json;
using DockerPS.Images;
using DockerPS.Time;

namespace DockerPS.Cleanup;

/// <summary>
/// The engine's /system/df answer, read in both its shapes: before API 1.52 (and on Podman) the images, containers,
/// volumes and build cache records at the top level with the layers' total size; from 1.52 each kind under its own
/// usage object with the engine's own totals, and the records only when asked for in detail. Docker.DotNet 4.3.3
/// models only the newer shape, so the answer is read here, from the engine's JSON, the same way for both.
/// </summary>
internal sealed class DiskUsageAnswer
{
    private const int BusyAttempts = 40;
    private static readonly TimeSpan BusyPause = TimeSpan.FromMilliseconds(250);

    private DiskUsageAnswer(DockerEndpoint endpoint)
    {
        Endpoint = endpoint;
    }

    public DockerEndpoint Endpoint { get; }

    public List<DockerImageDiskUsage> Images { get; } = new();

    public List<DockerContainerDiskUsage> Containers { get; } = new();

    /// <summary>The local volumes the engine counts (not those of other drivers, nor those with driver options), with their usage.</summary>
    public List<DockerVolume> Volumes { get; } = new();

    public List<DockerBuildCacheRecord> BuildCache { get; } = new();

    /// <summary>The older shape's LayersSize: every image layer's bytes once, however many images share it.</summary>
    public long LayersSize { get; private set; }

    /// <summary>The engine's own figures by kind (image, container, volume, build-cache), from API 1.52; null before.</summary>
    public IReadOnlyDictionary<string, EngineTotals>? Totals { get; private set; }

    /// <summary>
    /// Asks the engine. <paramref name="detailed"/> asks for every record (verbose), which engines from API 1.52 leave
    /// out otherwise; older engines always send them.
    /// </summary>
    public static async Task<DiskUsageAnswer> ReadAsync(DockerEngine engine, bool detailed, CancellationToken cancellation)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var answer = await RawEngineRequest.GetJsonAsync(engine, detailed ? "system/df?verbose=1" : "system/df", cancellation).ConfigureAwait(false);
                return Parse(answer.RootElement, engine.Endpoint);
            }
            catch (DockerApiException e) when (attempt < BusyAttempts && DockerErrorMapper.DaemonMessage(e).IndexOf("already running", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                // Engines before 23.0 count for one caller at a time and refuse the others ("a disk usage operation is
                // already running"), where newer ones share the count; so a refusal waits for the count under way.
                await Task.Delay(BusyPause, cancellation).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Reads an answer of either shape; what it lacks is empty, figures it does not give are -1 or null as the engine means them.</summary>
    internal static DiskUsageAnswer Parse(JsonElement root, DockerEndpoint endpoint)
    {
        var answer = new DiskUsageAnswer(endpoint);
        if (root.ValueKind != JsonValueKind.Object)
        {
            return answer;
        }

        if (root.TryGetProperty("ImageUsage", out _) || root.TryGetProperty("ContainerUsage", out _) || root.TryGetProperty("VolumeUsage", out _) || root.TryGetProperty("BuildCacheUsage", out _))
        {
            var totals = new Dictionary<string, EngineTotals>(StringComparer.Ordinal);
            answer.Totals = totals;
            foreach (var (kind, property) in new[] { ("image", "ImageUsage"), ("container", "ContainerUsage"), ("volume", "VolumeUsage"), ("build-cache", "BuildCacheUsage") })
            {
                if (root.TryGetProperty(property, out var usage) && usage.ValueKind == JsonValueKind.Object)
                {
                    totals[kind] = new EngineTotals(Number(usage, "TotalCount", 0), Number(usage, "ActiveCount", 0), Number(usage, "TotalSize", 0), Number(usage, "Reclaimable", 0));
                    answer.Add(kind, Array(usage, "Items"));
                }
            }

            return answer;
        }

        answer.LayersSize = Number(root, "LayersSize", 0);
        answer.Add("image", Array(root, "Images"));
        answer.Add("container", Array(root, "Containers"));
        answer.Add("volume", Array(root, "Volumes"));
        answer.Add("build-cache", Array(root, "BuildCache"));
        return answer;
    }

    private void Add(string kind, IEnumerable<JsonElement> items)
    {
        foreach (var item in items.Where(item => item.ValueKind == JsonValueKind.Object))
        {
            switch (kind)
            {
                case "image":
                    Images.Add(ToImage(item));
                    break;
                case "container":
                    Containers.Add(ToContainer(item));
                    break;
                case "volume":
                    Volumes.Add(ToVolume(item));
                    break;
                default:
                    BuildCache.Add(ToCacheRecord(item));
                    break;
            }
        }
    }

    private DockerImageDiskUsage ToImage(JsonElement image)
    {
        var repoTags = Strings(image, "RepoTags").Where(tag => tag != "<none>:<none>").ToList();
        var repoDigests = Strings(image, "RepoDigests").Where(digest => digest != "<none>@<none>").ToList();

        // docker system df -v shows an image under its first tag only.
        var (repository, tag) = repoTags.Count > 0 ? ImageReference.SplitTag(repoTags[0]) : (DockerImage.None, DockerImage.None);
        var sharedSize = Number(image, "SharedSize", -1);
        var containers = Number(image, "Containers", -1);
        return new DockerImageDiskUsage(
            Endpoint,
            WithAlgorithm(Text(image, "Id")),
            repository == DockerImage.None ? repository : ImageReference.Normalize(repository),
            tag,
            repoTags,
            repoDigests,
            UnixTime(image, "Created"),
            Number(image, "Size", 0),
            sharedSize < 0 ? null : sharedSize,
            containers < 0 ? null : containers,
            Labels(image, "Labels"));
    }

    private DockerContainerDiskUsage ToContainer(JsonElement container) => new(
        Endpoint,
        Text(container, "Id"),
        Strings(container, "Names").Select(name => name.TrimStart('/')).ToList(),
        Text(container, "Image"),
        Text(container, "Command"),
        UnixTime(container, "Created"),
        Text(container, "State"),
        Text(container, "Status"),
        Number(container, "SizeRw", 0),
        Array(container, "Mounts").Count(mount => mount.ValueKind == JsonValueKind.Object && Text(mount, "Driver") == "local"),
        Labels(container, "Labels"));

    private DockerVolume ToVolume(JsonElement volume)
    {
        var mapped = new DockerVolume(
            Endpoint,
            Text(volume, "Name"),
            Text(volume, "Driver"),
            Text(volume, "Mountpoint"),
            EngineTime.Parse(Text(volume, "CreatedAt")),
            Labels(volume, "Labels"),
            Text(volume, "Scope"),
            Labels(volume, "Options"));
        if (volume.TryGetProperty("UsageData", out var usage) && usage.ValueKind == JsonValueKind.Object)
        {
            mapped.AddUsage(Number(usage, "Size", -1), Number(usage, "RefCount", -1));
        }

        return mapped;
    }

    private DockerBuildCacheRecord ToCacheRecord(JsonElement record)
    {
        // API 1.42 turned Parent into Parents; the engine's Go type names that field " Parents", with a space.
        var parents = Strings(record, "Parents").Concat(Strings(record, " Parents")).ToList();
        if (Text(record, "Parent") is { Length: > 0 } parent)
        {
            parents.Add(parent);
        }

        return new DockerBuildCacheRecord(
            Endpoint,
            Text(record, "ID"),
            parents.Distinct(StringComparer.Ordinal).ToList(),
            Text(record, "Type"),
            Text(record, "Description"),
            Flag(record, "InUse"),
            Flag(record, "Shared"),
            Number(record, "Size", 0),
            EngineTime.Parse(Text(record, "CreatedAt")),
            EngineTime.Parse(Text(record, "LastUsedAt")),
            Number(record, "UsageCount", 0));
    }

    /// <summary>Podman's answer gives image ids without the algorithm Docker's lists carry.</summary>
    private static string WithAlgorithm(string id) => id.Length == 64 && id.All(Uri.IsHexDigit) ? "sha256:" + id : id;

    private static IEnumerable<JsonElement> Array(JsonElement parent, string property) =>
        parent.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : Enumerable.Empty<JsonElement>();

    private static string Text(JsonElement parent, string property) =>
        parent.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : string.Empty;

    private static IEnumerable<string> Strings(JsonElement parent, string property) =>
        Array(parent, property).Where(item => item.ValueKind == JsonValueKind.String).Select(item => item.GetString()!);

    private static long Number(JsonElement parent, string property, long missing) =>
        parent.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : missing;

    private static bool Flag(JsonElement parent, string property) =>
        parent.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.True;

    private static DateTime UnixTime(JsonElement parent, string property) =>
        DateTimeOffset.FromUnixTimeSeconds(Number(parent, property, 0)).UtcDateTime.ToLocalTime();

    private static IReadOnlyDictionary<string, string> Labels(JsonElement parent, string property)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (parent.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Object)
        {
            foreach (var label in value.EnumerateObject())
            {
                labels[label.Name] = label.Value.ValueKind == JsonValueKind.String
                    ? label.Value.GetString()!
                    : label.Value.ToString();
            }
        }

        return labels;
    }
}

/// <summary>The engine's own docker system df figures for one kind of object (API 1.52 and later).</summary>
internal readonly struct EngineTotals
{
    public EngineTotals(long totalCount, long activeCount, long totalSize, long reclaimable)
    {
        TotalCount = totalCount;
        ActiveCount = activeCount;
        TotalSize = totalSize;
        Reclaimable = reclaimable;
    }

    public long TotalCount { get; }

    public long ActiveCount { get; }

    public long TotalSize { get; }

    public long Reclaimable { get; }
}
