using System.Text.Json;
using Docker.DotNet.Models;
using DockerPS.Lookup;
using DockerPS.Networks;

namespace DockerPS.Cleanup;

/// <summary>
/// Clear-DockerSystem's removal on one engine: each confirmed object by its id, never forced, and what happened to it.
/// Before networks, volumes and images go, the engine's containers are read again: an object a container uses now is
/// kept, quietly when that container is one this run kept (declined or refused), else as a ResourceBusy error, since
/// it became used after it was gathered. The engine's own refusals keep objects too.
/// </summary>
internal sealed class CleanupRemoval
{
    /// <summary>The API version from which the build cache prune takes filters, the id filter among them (Engine 18.09).</summary>
    private static readonly System.Version BuildPruneFiltersFrom = new(1, 39);

    private readonly CleanupPlan plan;
    private readonly CleanupReport report;
    private readonly List<string> containersDeleted = new();
    private readonly List<string> networksDeleted = new();
    private readonly List<string> volumesDeleted = new();
    private readonly List<DockerImageDeletion> imagesDeleted = new();
    private readonly List<string> buildCacheDeleted = new();
    private readonly List<DockerCleanupKept> kept = new();
    private readonly HashSet<string> keptContainerIds = new(StringComparer.Ordinal);
    private long reclaimed;

    public CleanupRemoval(CleanupPlan plan, CleanupReport report)
    {
        this.plan = plan;
        this.report = report;
    }

    private DockerEngine Engine => plan.Engine;

    /// <summary>Records that a candidate stays, and why.</summary>
    public void Keep(CleanupCandidate candidate, string reason)
    {
        kept.Add(new DockerCleanupKept(Engine.Endpoint, candidate.Noun, candidate.Name, candidate.Id, reason));
        if (candidate.Kind == CleanupKind.Container)
        {
            keptContainerIds.Add(candidate.Id);
        }
    }

    public async Task RemoveAsync(CleanupKind kind, IReadOnlyList<CleanupCandidate> candidates, CancellationToken cancellation)
    {
        var containers = kind is CleanupKind.Container or CleanupKind.BuildCache
            ? Array.Empty<DockerContainer>()
            : (IReadOnlyList<DockerContainer>)await ContainerLookup.ListAsync(Engine, new ContainersListParameters { All = true }, cancellation).ConfigureAwait(false);
        foreach (var candidate in candidates)
        {
            if (UsersNow(candidate, containers) is { Count: > 0 } users)
            {
                KeepInUse(candidate, users);
                continue;
            }

            Task removing = kind switch
            {
                CleanupKind.Container => RemoveContainerAsync(candidate, cancellation),
                CleanupKind.Network => RemoveNetworkAsync(candidate, cancellation),
                CleanupKind.Volume => RemoveVolumeAsync(candidate, cancellation),
                CleanupKind.Image => RemoveImageAsync(candidate, cancellation),
                _ => RemoveBuildCacheAsync(candidate, cancellation),
            };
            await removing.ConfigureAwait(false);
        }
    }

    public DockerCleanupResult Result() =>
        new(Engine.Endpoint, containersDeleted, networksDeleted, volumesDeleted, imagesDeleted, buildCacheDeleted, reclaimed, kept);

    /// <summary>The containers that use the object now: attached to or configured for a network, mounting a volume, made from an image.</summary>
    private static IReadOnlyList<DockerContainer> UsersNow(CleanupCandidate candidate, IReadOnlyList<DockerContainer> containers) => candidate.Kind switch
    {
        CleanupKind.Network => containers.Where(container => container.Networks.Values.Any(attachment => attachment.NetworkId == candidate.Id || attachment.Network == candidate.Name)).ToList(),
        CleanupKind.Volume => containers.Where(container => container.Mounts.Any(mount => mount.Type == "volume" && mount.Name == candidate.Id)).ToList(),
        CleanupKind.Image => containers.Where(container => container.ImageId == candidate.Id).ToList(),
        _ => Array.Empty<DockerContainer>(),
    };

    private void KeepInUse(CleanupCandidate candidate, IReadOnlyList<DockerContainer> users)
    {
        var names = string.Join(", ", users.Select(user => $"{user.Name} ({user.ShortId})"));
        if (users.All(user => keptContainerIds.Contains(user.Id)))
        {
            // The container was to go with it but stays: its network, volume or image stays with it, as expected.
            Keep(candidate, $"container {names}, which was kept, uses it");
            report.Verbose($"Kept {candidate}: container {names}, which was kept, uses it.");
            return;
        }

        Keep(candidate, $"in use by container {names} since it was gathered");
        report.Error(new ErrorRecord(
            new InvalidOperationException($"The {candidate.Noun} {candidate.Name} is in use by container {names} since it was gathered; it is kept."),
            (candidate.Kind == CleanupKind.Image ? "Image" : candidate.Kind == CleanupKind.Volume ? "Volume" : "Network") + "InUse",
            ErrorCategory.ResourceBusy,
            candidate.Reference));
    }

    private async Task RemoveContainerAsync(CleanupCandidate container, CancellationToken cancellation)
    {
        try
        {
            await Engine.Client.Containers.RemoveContainerAsync(container.Id, new ContainerRemoveParameters(), cancellation).ConfigureAwait(false);
            Removed(container, containersDeleted, container.Id);
        }
        catch (DockerContainerNotFoundException)
        {
            Gone(container);
        }
        catch (DockerApiException e)
        {
            // Started since it was gathered (a 409: running, paused, restarting) is ResourceBusy, in the engine's words.
            Refused(container, e, (int)DockerErrorMapper.Status(e) == 409
                ? DockerErrorMapper.ToErrorRecord(e, "ContainerInUse", container.Name)
                : DockerErrors.Refusal(DockerObjectKind.Container, e, container.Name));
        }
    }

    private async Task RemoveNetworkAsync(CleanupCandidate network, CancellationToken cancellation)
    {
        try
        {
            // Podman 4 removes a network given by id even with containers attached; given by name, it refuses as Docker does.
            await Engine.Client.Networks.DeleteNetworkAsync(Engine.IsPodman ? network.Name : network.Id, cancellation).ConfigureAwait(false);
            Removed(network, networksDeleted, network.Name);
        }
        catch (DockerNetworkNotFoundException)
        {
            Gone(network);
        }
        catch (DockerApiException e)
        {
            Refused(network, e, NetworkErrors.SaysInUse(e)
                ? NetworkErrors.InUse(network.Name, Array.Empty<DockerNetworkContainer>(), e)
                : NetworkErrors.Refusal(e, network.Name, DockerObjectKind.Network));
        }
    }

    private async Task RemoveVolumeAsync(CleanupCandidate volume, CancellationToken cancellation)
    {
        try
        {
            await Engine.Client.Volumes.RemoveAsync(volume.Id, false, cancellation).ConfigureAwait(false);
            Removed(volume, volumesDeleted, volume.Id);
        }
        catch (DockerApiException e) when ((int)e.StatusCode == 404)
        {
            Gone(volume);
        }
        catch (DockerApiException e)
        {
            var inUse = await VolumeLookup.InUseAsync(Engine, volume.Id, e, cancellation).ConfigureAwait(false);
            Refused(volume, e, inUse is null ? DockerErrors.Refusal(DockerObjectKind.Volume, e, volume.Id) : DockerErrorMapper.ToErrorRecord(inUse, null, volume.Id));
        }
    }

    /// <summary>
    /// A tagged image loses its tags one by one, the last taking the image with it, once its tags are still those
    /// gathered; an untagged one is deleted by id. Untagged parents stay for their own turn (noprune), so nothing
    /// outside the plan goes.
    /// </summary>
    private async Task RemoveImageAsync(CleanupCandidate image, CancellationToken cancellation)
    {
        var deletions = new List<DockerImageDeletion>();
        try
        {
            if (image.Tags.Count > 0)
            {
                var now = (await Engine.Client.Images.InspectImageAsync(image.Id, cancellation).ConfigureAwait(false)).RepoTags?.Where(tag => tag != "<none>:<none>") ?? Enumerable.Empty<string>();
                if (!new HashSet<string>(now, StringComparer.Ordinal).SetEquals(image.Tags))
                {
                    Keep(image, $"its tags changed since it was gathered (now: {string.Join(", ", now.DefaultIfEmpty("none"))})");
                    report.Warning($"Kept image {image.Name}: its tags changed since it was gathered.");
                    return;
                }
            }

            foreach (var reference in image.Tags.Count > 0 ? image.Tags : new[] { image.Id })
            {
                var answer = await Engine.Client.Images.DeleteImageAsync(reference, new ImageDeleteParameters { NoPrune = true }, cancellation).ConfigureAwait(false);
                deletions.AddRange(answer.Select(line => new DockerImageDeletion(
                    Engine.Endpoint,
                    line.TryGetValue("Untagged", out var untagged) ? untagged : null,
                    line.TryGetValue("Deleted", out var deleted) ? deleted : null)));
            }
        }
        catch (DockerImageNotFoundException)
        {
            Gone(image);
        }
        catch (DockerApiException e)
        {
            var said = DockerErrorMapper.DaemonMessage(e);
            Refused(image, e, (int)DockerErrorMapper.Status(e) == 409 && (said.IndexOf("being used", StringComparison.OrdinalIgnoreCase) >= 0 || said.IndexOf("in use", StringComparison.OrdinalIgnoreCase) >= 0)
                ? DockerErrorMapper.ToErrorRecord(e, "ImageInUse", image.Reference)
                : DockerErrors.Refusal(DockerObjectKind.Image, e, image.Reference));
        }
        finally
        {
            imagesDeleted.AddRange(deletions);
        }

        if (deletions.Any(line => line.Deleted is { } id && (id == image.Id || "sha256:" + id == image.Id)))
        {
            reclaimed += image.Size ?? 0;
            report.Verbose($"Removed {image}.");
        }
    }

    /// <summary>
    /// The engine's build cache prune, narrowed to the record's id (its id filter, a pattern the ids are matched
    /// against) and to -All's choice, so the engine checks again that no build holds it; its answer says what went and
    /// the bytes freed.
    /// </summary>
    private async Task RemoveBuildCacheAsync(CleanupCandidate record, CancellationToken cancellation)
    {
        if (Engine.ApiVersion < BuildPruneFiltersFrom)
        {
            Keep(record, $"the engine's build cache prune takes no id filter before API {BuildPruneFiltersFrom}");
            report.Warning($"Kept {record}: API {Engine.ApiVersion}'s build cache prune would prune the whole cache, not this record alone.");
            return;
        }

        var filters = JsonSerializer.Serialize(new Dictionary<string, Dictionary<string, bool>> { ["id"] = new() { [record.Id] = true } });
        using var answer = await RawEngineRequest.PostJsonAsync(
            Engine,
            $"build/prune?all={(plan.Rules.All ? "1" : "0")}&filters={Uri.EscapeDataString(filters)}",
            cancellation).ConfigureAwait(false);
        var root = answer.RootElement;
        var deleted = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("CachesDeleted", out var ids) && ids.ValueKind == JsonValueKind.Array
            ? ids.EnumerateArray().Where(id => id.ValueKind == JsonValueKind.String).Select(id => id.GetString()!).ToList()
            : new List<string>();
        if (!deleted.Contains(record.Id))
        {
            Keep(record, "a build holds it, or it changed, since it was gathered");
            report.Warning($"Kept {record}: the engine did not prune it; a build holds it, or it changed, since it was gathered.");
            return;
        }

        buildCacheDeleted.AddRange(deleted);
        reclaimed += root.TryGetProperty("SpaceReclaimed", out var space) && space.TryGetInt64(out var bytes) ? bytes : record.Size ?? 0;
        report.Verbose($"Removed {record}.");
    }

    private void Removed(CleanupCandidate candidate, List<string> list, string entry)
    {
        list.Add(entry);
        reclaimed += candidate.Size ?? 0;
        report.Verbose($"Removed {candidate}.");
    }

    private void Gone(CleanupCandidate candidate) => report.Verbose($"Gone already: {candidate}.");

    private void Refused(CleanupCandidate candidate, DockerApiException refusal, ErrorRecord error)
    {
        Keep(candidate, "Error response from daemon: " + DockerErrorMapper.DaemonMessage(refusal));
        report.Error(error);
    }
}
