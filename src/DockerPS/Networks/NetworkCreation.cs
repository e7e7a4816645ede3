using System.Net;
using System.Text.Json;
using Docker.DotNet.Models;
using DockerPS.Lookup;

namespace DockerPS.Networks;

/// <summary>docker network create's work: the network made, its name checked first where the engine would not check it.</summary>
internal static class NetworkCreation
{
    // From API 1.44 on, engines always refuse a second network of a name; before, only when the request asks them to
    // (CheckDuplicate), which Docker.DotNet no longer sends.
    private static readonly System.Version EnginesCheckNames = new(1, 44);

    /// <summary>Creates the network and reads it back as docker network inspect shows it; the engine's warnings go to <paramref name="warn"/>.</summary>
    public static async Task<DockerNetwork> CreateAsync(DockerEngine engine, NetworksCreateParameters parameters, Action<string> warn, CancellationToken cancellation)
    {
        if (engine.ApiVersion < EnginesCheckNames && await NameTakenAsync(engine, parameters.Name, cancellation).ConfigureAwait(false))
        {
            // The engine's own answer when it checks, so the error reads the same on every engine.
            throw new DockerApiException(HttpStatusCode.Conflict, JsonSerializer.Serialize(new { message = $"network with name {parameters.Name} already exists" }));
        }

        var created = await engine.Client.Networks.CreateNetworkAsync(parameters, cancellation).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(created.Warning))
        {
            warn(created.Warning);
        }

        return await NetworkLookup.ReadAsync(engine, created.ID, cancellation).ConfigureAwait(false);
    }

    private static async Task<bool> NameTakenAsync(DockerEngine engine, string name, CancellationToken cancellation)
    {
        // The engine's name filter matches parts of names; only the whole name counts.
        var filters = new EngineFilters().Add("name", name);
        var networks = await engine.Client.Networks.ListNetworksAsync(new NetworksListParameters { Filters = filters.ToParameter() }, cancellation).ConfigureAwait(false);
        return networks.Any(network => network.Name == name);
    }
}
