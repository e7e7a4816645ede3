using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace DockerPS.Containers;

/// <summary>
/// IP addresses as the docker CLI reads them (Go's net.ParseIP): dotted-quad IPv4 without leading zeros, or IPv6
/// without a zone. IPAddress.TryParse alone would also take 10 or 1.2.3 as IPv4, which the CLI refuses.
/// </summary>
internal static class IpAddressText
{
    public static bool IsIpAddress(string text) => IsIPv4(text) || IsIPv6(text);

    public static bool IsIPv4(string text)
    {
        var octets = text.Split('.');
        if (octets.Length != 4)
        {
            return false;
        }

        foreach (var octet in octets)
        {
            if (octet.Length is 0 or > 3 || (octet.Length > 1 && octet[0] == '0') || !octet.All(c => c is >= '0' and <= '9')
                || int.Parse(octet, CultureInfo.InvariantCulture) > 255)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>An IPv6 address, the IPv4-mapped form (::ffff:1.2.3.4) included.</summary>
    public static bool IsIPv6(string text) =>
        text.IndexOf(':') >= 0
        && text.All(c => Uri.IsHexDigit(c) || c is ':' or '.')
        && IPAddress.TryParse(text, out var address)
        && address.AddressFamily == AddressFamily.InterNetworkV6;
}
