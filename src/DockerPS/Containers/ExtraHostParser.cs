namespace DockerPS.Containers;

/// <summary>
/// Reads -AddHost values as docker run --add-host does: name:ip or name=ip, where an IPv6 address may follow the first
/// colon as it is (db:::1) or in brackets (db:[::1]), and host-gateway stands for the host's address.
/// </summary>
internal static class ExtraHostParser
{
    private const string HostGateway = "host-gateway";

    /// <summary>The HostConfig.ExtraHosts entry: name:ip, the only form the engine reads, brackets taken off.</summary>
    public static string Normalize(string value)
    {
        var separator = value.IndexOf('=');
        if (separator < 0)
        {
            separator = value.IndexOf(':');
        }

        var name = separator < 0 ? string.Empty : value.Substring(0, separator);
        if (name.Length == 0 || name.IndexOf(':') >= 0)
        {
            throw new ArgumentException($"bad format for add-host: \"{value}\": expected name:ip or name=ip");
        }

        var address = value.Substring(separator + 1);
        if (address != HostGateway)
        {
            if (address.Length > 2 && address[0] == '[' && address[address.Length - 1] == ']')
            {
                address = address.Substring(1, address.Length - 2);
            }

            if (!IpAddressText.IsIpAddress(address.Trim()))
            {
                throw new ArgumentException($"invalid IP address in add-host: \"{address}\"");
            }
        }

        return name + ":" + address;
    }
}
