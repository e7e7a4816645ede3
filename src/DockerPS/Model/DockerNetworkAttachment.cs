namespace DockerPS;

/// <summary>A container's place on one network: its addresses there. It stands for the network in the network cmdlets.</summary>
public sealed class DockerNetworkAttachment
{
    public DockerNetworkAttachment(DockerEndpoint? endpoint, string network, string? networkId, string? ipAddress, int ipPrefixLength, string? gateway, string? macAddress, string? globalIPv6Address)
    {
        Endpoint = endpoint;
        Network = network;
        NetworkId = EmptyToNull(networkId);
        IPAddress = EmptyToNull(ipAddress);
        IPPrefixLength = ipPrefixLength;
        Gateway = EmptyToNull(gateway);
        MacAddress = EmptyToNull(macAddress);
        GlobalIPv6Address = EmptyToNull(globalIPv6Address);
    }

    /// <summary>The engine the container and its network live on.</summary>
    public DockerEndpoint? Endpoint { get; }

    /// <summary>The docker context the engine was named by; null when it was named by address (-HostAddress, DOCKER_HOST).</summary>
    public string? Context => Endpoint?.Context;

    public string Network { get; }

    public string? NetworkId { get; }

    public string? IPAddress { get; }

    public int IPPrefixLength { get; }

    public string? Gateway { get; }

    public string? MacAddress { get; }

    public string? GlobalIPv6Address { get; }

    public override string ToString() => IPAddress is null ? Network : $"{Network}: {IPAddress}";

    private static string? EmptyToNull(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
