namespace DockerPS;

/// <summary>A container attached to a network, with its addresses there. It stands for the container in the container cmdlets.</summary>
public sealed class DockerNetworkContainer
{
    public DockerNetworkContainer(DockerEndpoint? endpoint, string id, string name, string? ipv4Address, string? ipv6Address, string? macAddress)
    {
        Endpoint = endpoint;
        Id = id;
        Name = name;
        IPv4Address = AddressOnly(ipv4Address);
        IPv6Address = AddressOnly(ipv6Address);
        MacAddress = string.IsNullOrEmpty(macAddress) ? null : macAddress;
    }

    /// <summary>The engine the container lives on.</summary>
    public DockerEndpoint? Endpoint { get; }

    /// <summary>The docker context the engine was named by; null when it was named by address (-HostAddress, DOCKER_HOST).</summary>
    public string? Context => Endpoint?.Context;

    public string Id { get; }

    public string Name { get; }

    /// <summary>The container's IPv4 address on the network, without the prefix length (the network's subnet has it).</summary>
    public string? IPv4Address { get; }

    public string? IPv6Address { get; }

    public string? MacAddress { get; }

    public override string ToString() => Name;

    /// <summary>The engine writes 172.18.0.2/16; the address alone is what -IPAddress and a container's Networks give.</summary>
    private static string? AddressOnly(string? cidr)
    {
        if (string.IsNullOrEmpty(cidr))
        {
            return null;
        }

        var slash = cidr!.IndexOf('/');
        return slash < 0 ? cidr : cidr.Substring(0, slash);
    }
}
