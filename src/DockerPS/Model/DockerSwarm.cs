namespace DockerPS;

/// <summary>
/// A swarm, as docker swarm inspect describes it from one of its managers. The join tokens are left out: they let
/// anyone join, so they come only when asked for (Get-DockerSwarm -JoinToken).
/// </summary>
public sealed class DockerSwarm
{
    internal DockerSwarm(DockerEndpoint endpoint, string id, DateTime? created, DateTime? updated, IReadOnlyList<string> defaultAddressPool, uint subnetSize, uint dataPathPort, IReadOnlyDictionary<string, string> labels)
    {
        Endpoint = endpoint;
        Id = id;
        Created = created;
        Updated = updated;
        DefaultAddressPool = defaultAddressPool;
        SubnetSize = subnetSize;
        DataPathPort = dataPathPort;
        Labels = labels;
    }

    /// <summary>The manager the swarm was read from.</summary>
    public DockerEndpoint Endpoint { get; }

    public string Id { get; }

    public DateTime? Created { get; }

    public DateTime? Updated { get; }

    /// <summary>The address pools overlay networks' subnets come from (docker swarm init --default-addr-pool).</summary>
    public IReadOnlyList<string> DefaultAddressPool { get; }

    public uint SubnetSize { get; }

    /// <summary>The UDP port of the overlay networks' data traffic (VXLAN), 4789 unless chosen.</summary>
    public uint DataPathPort { get; }

    public IReadOnlyDictionary<string, string> Labels { get; }

    public override string ToString() => Id;
}
