using Docker.DotNet.Models;
using DockerPS.Time;

namespace DockerPS.Mapping;

/// <summary>Builds DockerService and DockerServiceTask from the engine's Swarm answers, as ModelMapper does for the rest.</summary>
internal static class ServiceMapper
{
    public const string Replicated = "replicated";
    public const string Global = "global";

    public static DockerService ToService(SwarmService service, DockerEndpoint endpoint)
    {
        var spec = service.Spec ?? new ServiceSpec();
        var container = spec.TaskTemplate?.ContainerSpec;
        var replicas = spec.Mode?.Replicated?.Replicas;
        return new DockerService(
            endpoint,
            service.ID,
            spec.Name ?? service.ID,
            ModeOf(spec),
            spec.Mode?.Global is null ? replicas ?? 1 : null,
            service.ServiceStatus?.RunningTasks,
            service.ServiceStatus?.DesiredTasks,
            ImageOf(container?.Image),
            (container?.Command ?? new List<string>()).Concat(container?.Args ?? new List<string>()).ToList(),
            Ports(service.Endpoint?.Ports ?? spec.EndpointSpec?.Ports),
            new Dictionary<string, string>(spec.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal),
            service.Version?.Index ?? 0,
            NullIfEmpty(service.UpdateStatus?.State),
            NullIfEmpty(service.UpdateStatus?.Message),
            service.CreatedAt is { } created ? EngineTime.Local(created) : null,
            service.UpdatedAt is { } updated ? EngineTime.Local(updated) : null);
    }

    /// <param name="serviceName">The service's name, which the task's own answer does not carry.</param>
    /// <param name="nodeName">The node's hostname, from the node list; null when the task has no node (yet) or it is gone.</param>
    /// <param name="global">Whether the service is global: its tasks are named after their nodes, not slots.</param>
    public static DockerServiceTask ToTask(TaskResponse task, DockerEndpoint endpoint, string serviceName, string? nodeName, bool global)
    {
        var status = task.Status ?? new Docker.DotNet.Models.TaskStatus();
        var name = global || task.Slot is null or 0
            ? $"{serviceName}.{task.NodeID}"
            : $"{serviceName}.{task.Slot}";
        var exitCode = status.ContainerStatus is { ContainerID.Length: > 0 } container && status.State is TaskState.Complete or TaskState.Failed or TaskState.Shutdown
            ? (int?)container.ExitCode
            : null;
        return new DockerServiceTask(
            endpoint,
            task.ID,
            name,
            task.ServiceID ?? string.Empty,
            serviceName,
            task.Slot is null or 0 ? null : task.Slot,
            NullIfEmpty(task.NodeID),
            nodeName,
            ImageOf(task.Spec?.ContainerSpec?.Image),
            StateText(task.DesiredState),
            StateText(status.State),
            status.Timestamp is { } since ? EngineTime.Local(since) : null,
            NullIfEmpty(status.Message),
            NullIfEmpty(status.Err),
            NullIfEmpty(status.ContainerStatus?.ContainerID),
            exitCode);
    }

    /// <summary>The state as the engine spells it (running, shutdown …).</summary>
    public static string StateText(TaskState? state) => state?.ToString().ToLowerInvariant() ?? string.Empty;

    public static string ModeOf(ServiceSpec spec) => spec.Mode?.Global is not null ? Global : Replicated;

    /// <summary>The image without the digest the engine pins it to, as docker service ls shows it.</summary>
    private static string ImageOf(string? image)
    {
        var text = image ?? string.Empty;
        var at = text.IndexOf('@');
        return at < 0 ? text : text.Substring(0, at);
    }

    private static IReadOnlyList<DockerServicePort> Ports(IList<PortConfig>? ports) =>
        (ports ?? new List<PortConfig>())
            .Select(port => new DockerServicePort(
                port.PublishedPort is null or 0 ? null : (int)port.PublishedPort.Value,
                (int)(port.TargetPort ?? 0),
                string.IsNullOrEmpty(port.Protocol) ? "tcp" : port.Protocol!,
                string.IsNullOrEmpty(port.PublishMode) ? DockerServicePort.Ingress : port.PublishMode!))
            .OrderBy(port => port.PublishedPort ?? 0)
            .ThenBy(port => port.TargetPort)
            .ToList();

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
