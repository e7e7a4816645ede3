namespace DockerPS;

/// <summary>A container's place on one network: its addresses there.</summary>
public sealed class DockerNetworkAttachment
{
    public DockerNetworkAttachment(string network, string? networkId, string? ipAddress, int ipPrefixLength, string? gateway, string? macAddress, string? globalIPv6Address)
    {
        Network = network;
        NetworkId = EmptyToNull(networkId);
        IPAddress = EmptyToNull(ipAddress);
        IPPrefixLength = ipPrefixLength;
        Gateway = EmptyToNull(gateway);
        MacAddress = EmptyToNull(macAddress);
        GlobalIPv6Address = EmptyToNull(globalIPv6Address);
    }

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
