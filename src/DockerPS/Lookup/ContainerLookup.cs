using System.Net;
using Docker.DotNet.Models;
using DockerPS.Containers;
using DockerPS.Mapping;

namespace DockerPS.Lookup;

/// <summary>Reads containers as DockerContainer objects: listed, read back after a change, inspected in detail.</summary>
internal static class ContainerLookup
{
    private const int InspectConcurrency = 8;

    /// <summary>
    /// The engine's containers that pass the filters, as Get-DockerContainer shows them: on Podman, whose listing leaves
    /// health out, running containers learn theirs from its health filter.
    /// </summary>
    public static async Task<List<DockerContainer>> ListAsync(DockerEngine engine, ContainersListParameters parameters, CancellationToken cancellation)
    {
        var listed = (await engine.Client.Containers.ListContainersAsync(parameters, cancellation).ConfigureAwait(false))
            .Select(summary => ModelMapper.ToContainer(summary, engine.Endpoint))
            .ToList();
        if (engine.IsPodman && listed.Any(container => container.State == "running"))
        {
            var health = await ContainerHealth.OnPodmanAsync(engine, cancellation).ConfigureAwait(false);
            foreach (var container in listed)
            {
                if (health.TryGetValue(container.Id, out var state))
                {
                    container.ReportHealth(state);
                }
            }
        }

        return listed;
    }

    /// <summary>
    /// A container as Get-DockerContainer shows it, by name, id or unique id prefix: for -PassThru after a change,
    /// and for the container New-DockerContainer made. One that is gone throws DockerContainerNotFoundException.
    /// </summary>
    public static async Task<DockerContainer> ReadAsync(DockerEngine engine, string reference, CancellationToken cancellation)
    {
        // A full id needs no inspect to be one; a name or prefix is turned into the id the list filter takes.
        var id = IsFullId(reference)
            ? reference
            : (await engine.Client.Containers.InspectContainerAsync(reference, cancellation).ConfigureAwait(false)).ID;
        var listed = await ListAsync(
            engine,
            new ContainersListParameters { All = true, Filters = new EngineFilters().Add("id", id).ToParameter() },
            cancellation).ConfigureAwait(false);
        return listed.FirstOrDefault(container => container.Id == id)
            ?? throw new DockerContainerNotFoundException(HttpStatusCode.NotFound, $"No such container: {reference}");
    }

    /// <summary>Containers the engine names by (short) id, as users know them: "web (0123456789ab)".</summary>
    public static async Task<IReadOnlyList<string>> NamesAsync(DockerEngine engine, IEnumerable<string> ids, CancellationToken cancellation)
    {
        var all = await engine.Client.Containers.ListContainersAsync(new ContainersListParameters { All = true }, cancellation).ConfigureAwait(false);
        return ids.Distinct()
            .Select(id => all.FirstOrDefault(c => c.ID.StartsWith(id, StringComparison.Ordinal)) is { } container
                ? $"{container.Names.FirstOrDefault()?.TrimStart('/') ?? id} ({container.ID.Substring(0, 12)})"
                : id)
            .ToList();
    }

    /// <summary>Adds the inspect details to each container, a few at a time; one removed since it was listed is left out.</summary>
    public static async Task<List<DockerContainer>> InspectAllAsync(DockerEngine engine, IReadOnlyList<DockerContainer> containers, CancellationToken cancellation)
    {
        using var slots = new SemaphoreSlim(InspectConcurrency);
        var stillThere = await Task.WhenAll(containers.Select(async container =>
        {
            await slots.WaitAsync(cancellation).ConfigureAwait(false);
            try
            {
                var inspect = await engine.Client.Containers.InspectContainerAsync(container.Id, cancellation).ConfigureAwait(false);
                ModelMapper.AddInspectDetails(container, inspect);
                return true;
            }
            catch (DockerContainerNotFoundException)
            {
                return false;
            }
            finally
            {
                slots.Release();
            }
        })).ConfigureAwait(false);
        return containers.Where((_, index) => stillThere[index]).ToList();
    }

    /// <summary>
    /// What Docker's ancestor filter means (the image's id and the ids of every image built on it), for Podman,
    /// whose filter matches only the name an image is stored under (docker.io/library/…) or its bare id, and no
    /// descendants. An image the engine does not know is passed on as it is, and matches nothing.
    /// </summary>
    public static async Task<IEnumerable<string>> PodmanAncestorsAsync(DockerEngine engine, string image, CancellationToken cancellation)
    {
        static string Bare(string? id) => id is null ? string.Empty : id.StartsWith("sha256:", StringComparison.Ordinal) ? id.Substring(7) : id;

        string root;
        try
        {
            root = Bare((await engine.Client.Images.InspectImageAsync(image, cancellation).ConfigureAwait(false)).ID);
        }
        catch (DockerImageNotFoundException)
        {
            return new[] { image };
        }

        var parents = (await engine.Client.Images.ListImagesAsync(new ImagesListParameters { All = true }, cancellation).ConfigureAwait(false))
            .GroupBy(listed => Bare(listed.ID))
            .ToDictionary(group => group.Key, group => Bare(group.First().ParentID), StringComparer.Ordinal);
        bool Descends(string id)
        {
            for (var hops = 0; hops <= parents.Count && id.Length > 0; hops++)
            {
                if (id == root)
                {
                    return true;
                }

                id = parents.TryGetValue(id, out var parent) ? parent : string.Empty;
            }

            return false;
        }

        return new[] { root }.Concat(parents.Keys.Where(id => id != root && Descends(id))).ToList();
    }

    private static bool IsFullId(string reference) => reference.Length == 64 && reference.All(Uri.IsHexDigit);
}
