using Docker.DotNet.Models;

namespace DockerPS.Networks;

/// <summary>
/// The address pools -Subnet, -IPRange and -Gateway describe, put together as docker network create does: one pool
/// per subnet, in the order given, and each range and gateway in the subnet that holds it. Everything is checked
/// here, before the engine is asked.
/// </summary>
internal static class IpamSpec
{
    public const string InvalidSubnet = "InvalidSubnet";
    public const string InvalidIPRange = "InvalidIPRange";
    public const string InvalidGateway = "InvalidGateway";

    /// <summary>The pools; an InvalidIpamException names the value that cannot be used and why.</summary>
    public static IList<IPAMConfig> Build(IReadOnlyList<string> subnets, IReadOnlyList<string> ranges, IReadOnlyList<string> gateways)
    {
        var pools = new List<(SubnetSpec Subnet, SubnetSpec? Range, string? Gateway)>();
        foreach (var text in subnets)
        {
            var subnet = Parsed(InvalidSubnet, text, () => SubnetSpec.Parse(text, "subnet"));
            if (pools.FirstOrDefault(pool => pool.Subnet.Overlaps(subnet)) is { Subnet: { } other })
            {
                throw new InvalidIpamException(InvalidSubnet, text, $"subnets {other} and {subnet} overlap: a network's subnets must not.");
            }

            pools.Add((subnet, null, null));
        }

        foreach (var text in ranges)
        {
            var range = Parsed(InvalidIPRange, text, () => SubnetSpec.Parse(text, "ip-range"));
            var index = pools.FindIndex(pool => pool.Subnet.Contains(range.Address));
            if (index < 0)
            {
                throw new InvalidIpamException(InvalidIPRange, text, $"no matching subnet for range {text}: an ip-range must lie inside one of the -Subnet values.");
            }

            var pool = pools[index];
            if (!pool.Subnet.Contains(range))
            {
                throw new InvalidIpamException(InvalidIPRange, text, $"ip-range {text} is larger than its subnet {pool.Subnet}.");
            }

            if (pool.Range is { } taken)
            {
                throw new InvalidIpamException(InvalidIPRange, text, $"cannot configure multiple ranges ({text}, {taken}) on the same subnet ({pool.Subnet})");
            }

            pools[index] = (pool.Subnet, range, pool.Gateway);
        }

        foreach (var text in gateways)
        {
            if (!SubnetSpec.TryParseAddress(text, out var gateway))
            {
                throw new InvalidIpamException(InvalidGateway, text, $"invalid gateway '{text}': not an IP address.");
            }

            var index = pools.FindIndex(pool => pool.Subnet.Contains(gateway));
            if (index < 0)
            {
                throw new InvalidIpamException(InvalidGateway, text, $"no matching subnet for gateway {text}: a gateway must lie inside one of the -Subnet values.");
            }

            var pool = pools[index];
            if (pool.Gateway is { } taken)
            {
                throw new InvalidIpamException(InvalidGateway, text, $"cannot configure multiple gateways ({text}, {taken}) for the same subnet ({pool.Subnet})");
            }

            pools[index] = (pool.Subnet, pool.Range, text);
        }

        return pools
            .Select(pool => new IPAMConfig { Subnet = pool.Subnet.Text, IPRange = pool.Range?.Text!, Gateway = pool.Gateway! })
            .ToList();
    }

    private static SubnetSpec Parsed(string errorId, string text, Func<SubnetSpec> parse)
    {
        try
        {
            return parse();
        }
        catch (ArgumentException e)
        {
            throw new InvalidIpamException(errorId, text, e.Message);
        }
    }
}
