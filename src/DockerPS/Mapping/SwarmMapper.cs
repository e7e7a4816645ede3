using Docker.DotNet.Models;
using DockerPS.Time;

namespace DockerPS.Mapping;

/// <summary>Builds DockerPS's swarm types (nodes, secrets, configs, the swarm and its join tokens) from the engine's answers.</summary>
internal static class SwarmMapper
{
    /// <param name="selfId">The id of the node of the engine that answered, if it is in a swarm.</param>
    public static DockerNode ToNode(NodeListResponse node, DockerEndpoint endpoint, string? selfId) => new(
        endpoint,
        node.ID,
        node.Version?.Index ?? 0,
        node.Description?.Hostname ?? string.Empty,
        node.Spec?.Role ?? string.Empty,
        node.Status?.State ?? string.Empty,
        node.Spec?.Availability ?? string.Empty,
        ManagerStatus(node.ManagerStatus),
        node.Description?.Engine?.EngineVersion,
        node.Status?.Addr,
        ModelMapper.Labels(node.Spec?.Labels),
        Local(node.CreatedAt),
        !string.IsNullOrEmpty(selfId) && node.ID == selfId);

    public static DockerSecret ToSecret(Secret secret, DockerEndpoint endpoint) => new(
        endpoint,
        secret.ID,
        secret.Spec?.Name ?? string.Empty,
        string.IsNullOrEmpty(secret.Spec?.Driver?.Name) ? null : secret.Spec!.Driver!.Name,
        ModelMapper.Labels(secret.Spec?.Labels),
        Local(secret.CreatedAt),
        Local(secret.UpdatedAt));

    public static DockerConfig ToConfig(SwarmConfig config, DockerEndpoint endpoint) => new(
        endpoint,
        config.ID,
        config.Spec?.Name ?? string.Empty,
        config.Spec?.Data ?? Array.Empty<byte>(),
        ModelMapper.Labels(config.Spec?.Labels),
        Local(config.CreatedAt),
        Local(config.UpdatedAt));

    public static DockerSwarm ToSwarm(SwarmInspectResponse swarm, DockerEndpoint endpoint) => new(
        endpoint,
        swarm.ID,
        Local(swarm.CreatedAt),
        Local(swarm.UpdatedAt),
        (swarm.DefaultAddrPool ?? new List<string>()).ToList(),
        swarm.SubnetSize,
        swarm.DataPathPort,
        ModelMapper.Labels(swarm.Spec?.Labels));

    /// <summary>docker node ls's MANAGER STATUS: Leader for the leader, else the reachability, capitalized as the CLI prints it.</summary>
    private static string? ManagerStatus(ManagerStatus? status) => status switch
    {
        null => null,
        { Leader: true } => "Leader",
        { Reachability: { Length: > 0 } reachability } => char.ToUpperInvariant(reachability[0]) + reachability.Substring(1),
        _ => null,
    };

    private static DateTime? Local(DateTime? time) => time is { } known ? EngineTime.Local(known) : null;
}
