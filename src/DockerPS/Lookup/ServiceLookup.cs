using Docker.DotNet.Models;
using DockerPS.Mapping;

namespace DockerPS.Lookup;

/// <summary>Reads Swarm services and their tasks: listed with their task counts, found by name, id or prefix, read back after a change.</summary>
internal static class ServiceLookup
{
    /// <summary>The engine's services, with running and desired task counts, sorted by name as docker service ls sorts them.</summary>
    public static async Task<List<DockerService>> ListAsync(DockerEngine engine, CancellationToken cancellation) =>
        (await engine.Client.Swarm.ListServicesAsync(new ServiceListParameters { Status = true }, cancellation).ConfigureAwait(false))
            .Select(service => ServiceMapper.ToService(service, engine.Endpoint))
            .OrderBy(service => service.Name, StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// One service by name, id or unique id prefix, with its task counts (the inspect answer has none, so the list is
    /// asked too, by the id found).
    /// </summary>
    /// <exception cref="DockerApiException">The engine's 404 when no service has the name, or its other refusals.</exception>
    public static async Task<(SwarmService Raw, DockerService Service)> ReadAsync(DockerEngine engine, string reference, CancellationToken cancellation)
    {
        var raw = await engine.Client.Swarm.InspectServiceAsync(reference, cancellation).ConfigureAwait(false);
        var listed = await engine.Client.Swarm.ListServicesAsync(
            new ServiceListParameters { Status = true, Filters = new EngineFilters().Add("id", raw.ID).ToParameter() },
            cancellation).ConfigureAwait(false);
        var counted = listed.FirstOrDefault(service => service.ID == raw.ID) ?? raw;
        raw.ServiceStatus ??= counted.ServiceStatus;
        return (raw, ServiceMapper.ToService(raw, engine.Endpoint));
    }

    /// <summary>The service's tasks, oldest slot first and newest task first within it, as docker service ps orders them.</summary>
    public static async Task<List<DockerServiceTask>> TasksAsync(DockerEngine engine, DockerService service, string? desiredState, CancellationToken cancellation)
    {
        var filters = new EngineFilters().Add("service", service.Id);
        if (desiredState is not null)
        {
            filters.Add("desired-state", desiredState);
        }

        var tasks = await engine.Client.Tasks.ListAsync(new TasksListParameters { Filters = filters.ToParameter() }, cancellation).ConfigureAwait(false);
        var nodes = tasks.Any(task => !string.IsNullOrEmpty(task.NodeID)) ? await NodeNamesAsync(engine, cancellation).ConfigureAwait(false) : new Dictionary<string, string>();
        var global = service.Mode == ServiceMapper.Global;
        return tasks
            .Where(task => task.ServiceID == service.Id)
            .OrderBy(task => global ? task.NodeID : (task.Slot ?? 0).ToString("D10", System.Globalization.CultureInfo.InvariantCulture))
            .ThenByDescending(task => task.CreatedAt)
            .Select(task => ServiceMapper.ToTask(task, engine.Endpoint, service.Name, nodes.TryGetValue(task.NodeID ?? string.Empty, out var node) ? node : null, global))
            .ToList();
    }

    /// <summary>Whether the engine answered that no service has the name.</summary>
    public static bool IsNotFound(DockerApiException e) => (int)e.StatusCode == 404;

    /// <summary>The nodes' hostnames by id, as docker service ps names them.</summary>
    private static async Task<Dictionary<string, string>> NodeNamesAsync(DockerEngine engine, CancellationToken cancellation) =>
        (await engine.Client.Swarm.ListNodesAsync(cancellation).ConfigureAwait(false))
            .ToDictionary(node => node.ID, node => node.Description?.Hostname ?? node.ID, StringComparer.Ordinal);
}
