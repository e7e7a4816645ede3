namespace DockerPS;

/// <summary>A network, as docker network inspect shows it: its addresses, options and the containers attached.</summary>
public sealed class DockerNetwork
{
    internal DockerNetwork(
        DockerEndpoint endpoint,
        string id,
        string name,
        string driver,
        string scope,
        bool isInternal,
        bool attachable,
        bool ipv6,
        IReadOnlyList<DockerNetworkSubnet> subnets,
        IReadOnlyList<DockerNetworkContainer> containers,
        IReadOnlyDictionary<string, string> labels,
        IReadOnlyDictionary<string, string> options,
        DateTime? created)
    {
        Endpoint = endpoint;
        Id = id;
        Name = name;
        Driver = driver;
        Scope = scope;
        Internal = isInternal;
        Attachable = attachable;
        IPv6 = ipv6;
        Subnets = subnets;
        Containers = containers;
        Labels = labels;
        Options = options;
        Created = created;
    }

    /// <summary>The engine the network lives on; cmdlets given this object act on that engine.</summary>
    public DockerEndpoint Endpoint { get; }

    /// <summary>The docker context the engine was named by; null when it was named by address (-HostAddress, DOCKER_HOST).</summary>
    public string? Context => Endpoint.Context;

    public string Id { get; }

    /// <summary>The first 12 characters of the id, as docker network ls shows it.</summary>
    public string ShortId => Id.Length > 12 ? Id.Substring(0, 12) : Id;

    public string Name { get; }

    /// <summary>bridge, host, null, overlay, macvlan, ipvlan or a plugin's name.</summary>
    public string Driver { get; }

    /// <summary>local, global or swarm.</summary>
    public string Scope { get; }

    /// <summary>Containers on the network reach each other but nothing outside it (docker network create --internal).</summary>
    public bool Internal { get; }

    /// <summary>Standalone containers may join a swarm-scoped network (--attachable).</summary>
    public bool Attachable { get; }

    /// <summary>The network has IPv6 addresses (--ipv6).</summary>
    public bool IPv6 { get; }

    /// <summary>The network's address pools: subnet, gateway and the range containers are given addresses from.</summary>
    public IReadOnlyList<DockerNetworkSubnet> Subnets { get; }

    /// <summary>The containers attached, by name, with their addresses on this network.</summary>
    public IReadOnlyList<DockerNetworkContainer> Containers { get; }

    public IReadOnlyDictionary<string, string> Labels { get; }

    /// <summary>The driver's options (docker network create -o).</summary>
    public IReadOnlyDictionary<string, string> Options { get; }

    /// <summary>Creation time, in local time; null when the engine does not say.</summary>
    public DateTime? Created { get; }

    public override string ToString() => Name;
}
