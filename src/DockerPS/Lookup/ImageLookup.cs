using Docker.DotNet.Models;
using DockerPS.Mapping;

namespace DockerPS.Lookup;

/// <summary>Reads images as DockerImage objects, asking the engine rather than parsing its messages.</summary>
internal static class ImageLookup
{
    /// <summary>
    /// The engine's images, one object per repository:tag, newest first, each naming the containers that use it.
    /// </summary>
    public static async Task<List<DockerImage>> ListAsync(DockerEngine engine, bool all, EngineFilters filters, CancellationToken cancellation)
    {
        var listing = engine.Client.Images.ListImagesAsync(new ImagesListParameters { All = all, Filters = filters.ToParameter() }, cancellation);
        var containers = engine.Client.Containers.ListContainersAsync(new ContainersListParameters { All = true }, cancellation);
        await Task.WhenAll(listing, containers).ConfigureAwait(false);

        var usersByImage = (await containers.ConfigureAwait(false))
            .GroupBy(c => c.ImageID, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => (IReadOnlyList<string>)g.Select(c => (c.Names?.FirstOrDefault() ?? c.ID).TrimStart('/')).ToList(),
                StringComparer.Ordinal);
        return (await listing.ConfigureAwait(false))
            .OrderByDescending(image => image.Created)
            .SelectMany(image => ModelMapper.ToImages(
                image,
                engine.Endpoint,
                usersByImage.TryGetValue(image.ID, out var users) ? users : Array.Empty<string>()))
            .ToList();
    }

    /// <summary>
    /// The names of the containers that would keep docker rmi <paramref name="reference"/>, unforced, from deleting the
    /// image, and whether -Force could not help either (a running container's image removed by id): no names when the
    /// removal only untags (the reference is one of several names of the image, as the engine decides) or no
    /// container uses the image.
    /// </summary>
    public static async Task<(IReadOnlyList<string> Users, bool CannotBeForced)> BlockersOfRemovalAsync(DockerEngine engine, string reference, CancellationToken cancellation)
    {
        var image = await engine.Client.Images.InspectImageAsync(reference, cancellation).ConfigureAwait(false);
        var names = (image.RepoTags ?? new List<string>()).Concat(image.RepoDigests ?? new List<string>()).ToList();
        var byId = image.ID.StartsWith(reference, StringComparison.OrdinalIgnoreCase) || image.ID.Substring(image.ID.IndexOf(':') + 1).StartsWith(reference, StringComparison.OrdinalIgnoreCase);
        if (!byId && names.Count > 1)
        {
            return (Array.Empty<string>(), false);
        }

        var users = (await engine.Client.Containers.ListContainersAsync(new ContainersListParameters { All = true }, cancellation).ConfigureAwait(false))
            .Where(container => container.ImageID == image.ID)
            .ToList();
        return (users.Select(container => $"{container.Names?.FirstOrDefault()?.TrimStart('/') ?? container.ID} ({container.ID.Substring(0, 12)})").ToList(), byId && users.Any(container => container.State == "running"));
    }

    /// <summary>
    /// What docker image prune -a would remove of <paramref name="images"/>: images that no container uses, running or
    /// stopped (the engine compares each container's image id), except untagged images that an image of
    /// <paramref name="everyImage"/> is built on, which prune keeps for the images it keeps. A tagged image others are
    /// built on is in: prune takes its tags, and the image stays for its children, as docker rmi of its tags does.
    /// </summary>
    public static List<DockerImage> Unused(IReadOnlyList<DockerImage> images, IReadOnlyList<DockerImage> everyImage)
    {
        var parents = new HashSet<string>(everyImage.Select(image => image.ParentId).OfType<string>(), StringComparer.Ordinal);
        return images
            .Where(image => image.Containers.Count == 0 && !(image.RepoTags.Count == 0 && image.RepoDigests.Count == 0 && parents.Contains(image.Id)))
            .ToList();
    }

    /// <summary>The image a reference names now, as one DockerImage per repository:tag it carries.</summary>
    public static async Task<List<DockerImage>> ByReferenceAsync(DockerEngine engine, string reference, CancellationToken cancellation)
    {
        var inspect = await engine.Client.Images.InspectImageAsync(reference, cancellation).ConfigureAwait(false);
        return (await ListAsync(engine, all: true, new EngineFilters(), cancellation).ConfigureAwait(false))
            .Where(image => image.Id == inspect.ID)
            .ToList();
    }
}
