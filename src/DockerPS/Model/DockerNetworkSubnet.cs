namespace DockerPS;

/// <summary>One address pool of a network, as docker network create --subnet, --gateway and --ip-range give it.</summary>
public sealed class DockerNetworkSubnet
{
    public DockerNetworkSubnet(string subnet, string? gateway, string? ipRange)
    {
        Subnet = subnet;
        Gateway = string.IsNullOrEmpty(gateway) ? null : gateway;
        IPRange = string.IsNullOrEmpty(ipRange) ? null : ipRange;
    }

    /// <summary>The subnet in CIDR notation, such as 172.18.0.0/16.</summary>
    public string Subnet { get; }

    public string? Gateway { get; }

    /// <summary>The part of the subnet containers are given addresses from; null for all of it.</summary>
    public string? IPRange { get; }

    public override string ToString() => Subnet;
}
