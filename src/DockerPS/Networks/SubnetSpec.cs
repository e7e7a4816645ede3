using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace DockerPS.Networks;

/// <summary>
/// An IPv4 or IPv6 network in CIDR notation (10.1.2.0/24, fd00:1::/64) and the containment tests docker network
/// create makes with it. netstandard2.0 has no IPNetwork, so the prefix arithmetic is done here.
/// </summary>
internal sealed class SubnetSpec
{
    private SubnetSpec(string text, IPAddress address, int prefixLength)
    {
        Text = text;
        Address = address;
        PrefixLength = prefixLength;
    }

    /// <summary>The network as it was given.</summary>
    public string Text { get; }

    /// <summary>The network's first address.</summary>
    public IPAddress Address { get; }

    public int PrefixLength { get; }

    public AddressFamily Family => Address.AddressFamily;

    /// <summary>
    /// Reads address/prefix; <paramref name="what"/> names it in the error ("subnet", "ip-range"). An address with
    /// bits set past the prefix is refused, as newer engines refuse it, rather than taken for the network it is in.
    /// </summary>
    public static SubnetSpec Parse(string text, string what)
    {
        var slash = text.IndexOf('/');
        if (slash < 0 || !TryParseAddress(text.Substring(0, slash), out var address) || !TryParsePrefix(text.Substring(slash + 1), address.AddressFamily, out var prefixLength))
        {
            throw new ArgumentException($"invalid {what} '{text}': not a network in CIDR notation, such as 172.28.0.0/16 or fd00:28::/64");
        }

        var network = new IPAddress(Masked(address.GetAddressBytes(), prefixLength));
        return network.Equals(address)
            ? new SubnetSpec(text, network, prefixLength)
            : throw new ArgumentException($"invalid {what} '{text}': it should be {network}/{prefixLength.ToString(CultureInfo.InvariantCulture)}");
    }

    /// <summary>
    /// Reads one address, IPv4 as four decimal numbers or IPv6, as the engine reads it: IPAddress.Parse alone would also
    /// take 10.1 or 012.1.1.1 (octal), or an IPv6 zone.
    /// </summary>
    public static bool TryParseAddress(string text, out IPAddress address)
    {
        address = IPAddress.None;
        var valid = text.IndexOf(':') >= 0
            ? text.IndexOfAny(new[] { '%', '[', ']', '/' }) < 0 && IPAddress.TryParse(text, out address) && address.AddressFamily == AddressFamily.InterNetworkV6
            : IsDottedQuad(text) && IPAddress.TryParse(text, out address);
        return valid;
    }

    public bool Contains(IPAddress address) =>
        address.AddressFamily == Family && SamePrefix(address.GetAddressBytes(), Address.GetAddressBytes(), PrefixLength);

    /// <summary>Whether the whole of <paramref name="other"/> lies inside this network.</summary>
    public bool Contains(SubnetSpec other) => other.PrefixLength >= PrefixLength && Contains(other.Address);

    public bool Overlaps(SubnetSpec other) => Contains(other) || other.Contains(this);

    public override string ToString() => Text;

    private static bool TryParsePrefix(string text, AddressFamily family, out int prefixLength)
    {
        prefixLength = -1;
        return text.Length is > 0 and <= 3
            && text.All(c => c is >= '0' and <= '9')
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out prefixLength)
            && prefixLength <= (family == AddressFamily.InterNetwork ? 32 : 128);
    }

    private static bool IsDottedQuad(string text)
    {
        var parts = text.Split('.');
        return parts.Length == 4 && parts.All(part =>
            part.Length is > 0 and <= 3
            && part.All(c => c is >= '0' and <= '9')
            && (part.Length == 1 || part[0] != '0')
            && int.Parse(part, CultureInfo.InvariantCulture) <= 255);
    }

    private static byte[] Masked(byte[] bytes, int prefixLength)
    {
        for (var bit = prefixLength; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        return bytes;
    }

    private static bool SamePrefix(byte[] left, byte[] right, int prefixLength) =>
        Masked(left, prefixLength).SequenceEqual(Masked(right, prefixLength));
}
