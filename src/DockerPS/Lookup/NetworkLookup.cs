using Docker.DotNet.Models;
using DockerPS.Mapping;

namespace DockerPS.Lookup;

/// <summary>Reads networks as DockerNetwork objects: listed, inspected with their containers, read back after a change.</summary>
internal static class NetworkLookup
{
    private const int InspectConcurrency = 8;

    // The networks every engine has from the start, which no one may remove; Podman's own is podman (its
    // compatible API lists it as bridge).
    private static readonly string[] PredefinedNames = { "bridge", "host", "none" };
    private const string PodmanDefault = "podman";

    /// <summary>The engine's networks that pass the filters, sorted by name as docker network ls sorts them.</summary>
    public static async Task<List<DockerNetwork>> ListAsync(DockerEngine engine, EngineFilters filters, CancellationToken cancellation) =>
        (await engine.Client.Networks.ListNetworksAsync(new NetworksListParameters { Filters = filters.ToParameter() }, cancellation).ConfigureAwait(false))
            .Select(network => ModelMapper.ToNetwork(network, engine.Endpoint))
            .OrderBy(network => network.Name, StringComparer.Ordinal)
            .ToList();

    /// <summary>A network by name, id or unique id prefix, as docker network inspect finds it.</summary>
    public static async Task<DockerNetwork> ReadAsync(DockerEngine engine, string reference, CancellationToken cancellation) =>
        ModelMapper.ToNetwork(await engine.Client.Networks.InspectNetworkAsync(reference, cancellation).ConfigureAwait(false), engine.Endpoint);

    /// <summary>
    /// The networks with the containers attached: dockerd's list answer leaves them out (API 1.28 and later), so each
    /// network is inspected, a few at a time; one removed since it was listed is left out. Podman's list has them.
    /// </summary>
    public static async Task<List<DockerNetwork>> WithContainersAsync(DockerEngine engine, IReadOnlyList<DockerNetwork> networks, CancellationToken cancellation)
    {
        if (engine.IsPodman)
        {
            return networks.ToList();
        }

        using var slots = new SemaphoreSlim(InspectConcurrency);
        var inspected = await Task.WhenAll(networks.Select(async network =>
        {
            await slots.WaitAsync(cancellation).ConfigureAwait(false);
            try
            {
                return await ReadAsync(engine, network.Id, cancellation).ConfigureAwait(false);
            }
            catch (DockerNetworkNotFoundException)
            {
                return null;
            }
            finally
            {
                slots.Release();
            }
        })).ConfigureAwait(false);
        return inspected.Where(network => network is not null).ToList()!;
    }

    /// <summary>bridge, host or none, which every engine has and no one may remove (on Podman, its podman too).</summary>
    public static bool IsPredefined(string name, bool podman = false) =>
        PredefinedNames.Contains(name, StringComparer.Ordinal) || podman && name == PodmanDefault;

    /// <summary>No container is attached and it is not predefined: what docker network prune would remove.</summary>
    public static bool IsUnused(DockerNetwork network, bool podman) =>
        network.Containers.Count == 0 && !IsPredefined(network.Name, podman);
}
