using System;
using System.Linq;
using System.Net;
using DockerPS.Networks;
using Xunit;

namespace DockerPS.Tests;

/// <summary>
/// New-DockerNetwork's -Subnet, -IPRange and -Gateway: CIDR read and compared for IPv4 and IPv6, and the pools put
/// together as docker network create puts them (cli/command/network/create.go, consolidateIpam).
/// </summary>
public class SubnetSpecTests
{
    [Theory]
    [InlineData("10.1.2.0/24", "10.1.2.0", 24)]
    [InlineData("0.0.0.0/0", "0.0.0.0", 0)]
    [InlineData("10.1.2.3/32", "10.1.2.3", 32)]
    [InlineData("172.16.0.0/12", "172.16.0.0", 12)]
    [InlineData("fd00:1::/64", "fd00:1::", 64)]
    [InlineData("FD00:1::/64", "fd00:1::", 64)]
    [InlineData("2001:db8::/32", "2001:db8::", 32)]
    [InlineData("::/0", "::", 0)]
    [InlineData("fd00::1/128", "fd00::1", 128)]
    public void Parse_ReadsIPv4AndIPv6Networks(string text, string address, int prefixLength)
    {
        var subnet = SubnetSpec.Parse(text, "subnet");

        Assert.Equal(IPAddress.Parse(address), subnet.Address);
        Assert.Equal(prefixLength, subnet.PrefixLength);
        Assert.Equal(text, subnet.Text);
    }

    [Theory]
    [InlineData("10.1.2.0")]
    [InlineData("10.1.2.0/")]
    [InlineData("10.1.2.0/33")]
    [InlineData("10.1.2.0/-1")]
    [InlineData("10.1.2.0/2x")]
    [InlineData("10.1.2/24")]
    [InlineData("10.1.2.256/24")]
    [InlineData("10.01.2.0/24")]
    [InlineData("10.1.2.0.0/24")]
    [InlineData("1/8")]
    [InlineData("fd00::/129")]
    [InlineData("fd00::%eth0/64")]
    [InlineData("[fd00::]/64")]
    [InlineData("fd00:::1/64")]
    [InlineData("10.1.2.0/24/24")]
    [InlineData("web/24")]
    [InlineData("")]
    public void Parse_RefusesWhatIsNoNetworkInCidrNotation(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => SubnetSpec.Parse(text, "subnet"));

        Assert.Equal($"invalid subnet '{text}': not a network in CIDR notation, such as 172.28.0.0/16 or fd00:28::/64", error.Message);
    }

    [Theory]
    [InlineData("10.1.2.5/24", "10.1.2.0/24")]
    [InlineData("10.1.2.0/16", "10.1.0.0/16")]
    [InlineData("10.1.2.129/25", "10.1.2.128/25")]
    [InlineData("fd00:1::5/64", "fd00:1::/64")]
    [InlineData("fd00:1:2:3::/48", "fd00:1:2::/48")]
    public void Parse_RefusesBitsPastThePrefix_SayingWhatTheNetworkIs(string text, string network)
    {
        var error = Assert.Throws<ArgumentException>(() => SubnetSpec.Parse(text, "ip-range"));

        Assert.Equal($"invalid ip-range '{text}': it should be {network}", error.Message);
    }

    [Theory]
    [InlineData("10.1.2.0/24", "10.1.2.0", true)]
    [InlineData("10.1.2.0/24", "10.1.2.255", true)]
    [InlineData("10.1.2.0/24", "10.1.3.0", false)]
    [InlineData("10.1.2.0/23", "10.1.3.7", true)]
    [InlineData("10.1.2.128/25", "10.1.2.127", false)]
    [InlineData("10.1.2.128/25", "10.1.2.128", true)]
    [InlineData("0.0.0.0/0", "192.168.1.1", true)]
    [InlineData("10.1.2.0/24", "::ffff:10.1.2.1", false)]
    [InlineData("fd00:1::/64", "fd00:1::ffff:1", true)]
    [InlineData("fd00:1::/64", "fd00:1:0:1::1", false)]
    [InlineData("fd00:1::/63", "fd00:1:0:1::1", true)]
    [InlineData("fd00:1::/64", "10.1.2.1", false)]
    public void Contains_TellsWhetherAnAddressIsInTheNetwork(string network, string address, bool expected)
    {
        Assert.Equal(expected, SubnetSpec.Parse(network, "subnet").Contains(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("10.1.0.0/16", "10.1.2.0/24", true, true)]
    [InlineData("10.1.2.0/24", "10.1.0.0/16", false, true)]
    [InlineData("10.1.2.0/24", "10.1.2.0/24", true, true)]
    [InlineData("10.1.2.0/24", "10.1.3.0/24", false, false)]
    [InlineData("fd00::/48", "fd00:0:0:5::/64", true, true)]
    [InlineData("fd00::/48", "10.0.0.0/8", false, false)]
    public void ContainsAndOverlaps_CompareWholeNetworks(string outer, string inner, bool contains, bool overlaps)
    {
        var left = SubnetSpec.Parse(outer, "subnet");
        var right = SubnetSpec.Parse(inner, "subnet");

        Assert.Equal(contains, left.Contains(right));
        Assert.Equal(overlaps, left.Overlaps(right));
        Assert.Equal(overlaps, right.Overlaps(left));
    }

    [Theory]
    [InlineData("10.1.2.3", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("255.255.255.255", true)]
    [InlineData("fd00::1", true)]
    [InlineData("::ffff:10.1.2.3", true)]
    [InlineData("10.1.2", false)]
    [InlineData("10.1.2.3.4", false)]
    [InlineData("10.1.2.256", false)]
    [InlineData("010.1.2.3", false)]
    [InlineData("10.1.2.3/24", false)]
    [InlineData("167772161", false)]
    [InlineData("fd00::1%2", false)]
    [InlineData("[fd00::1]", false)]
    [InlineData("gateway", false)]
    [InlineData(" 10.1.2.3", false)]
    public void TryParseAddress_TakesOnlyWhatTheEngineTakes(string text, bool valid)
    {
        Assert.Equal(valid, SubnetSpec.TryParseAddress(text, out _));
    }

    // ---- The pools -Subnet, -IPRange and -Gateway make ----

    [Fact]
    public void Build_PutsEachRangeAndGatewayInTheSubnetHoldingIt_InTheOrderTheSubnetsWereGiven()
    {
        var pools = IpamSpec.Build(
            new[] { "10.1.0.0/16", "fd00:1::/64", "10.2.0.0/24" },
            new[] { "10.2.0.128/25", "10.1.5.0/24" },
            new[] { "fd00:1::1", "10.1.5.254" });

        Assert.Equal(
            new[] { "10.1.0.0/16|10.1.5.0/24|10.1.5.254", "fd00:1::/64||fd00:1::1", "10.2.0.0/24|10.2.0.128/25|" },
            pools.Select(pool => $"{pool.Subnet}|{pool.IPRange}|{pool.Gateway}"));
    }

    [Fact]
    public void Build_WithNothingGiven_LeavesThePoolsToTheEngine()
    {
        Assert.Empty(IpamSpec.Build(Array.Empty<string>(), Array.Empty<string>(), Array.Empty<string>()));
    }

    [Theory]
    [InlineData("10.1.0.0/33", "", "", "InvalidSubnet", "10.1.0.0/33", "invalid subnet '10.1.0.0/33': not a network in CIDR notation")]
    [InlineData("10.1.0.5/16", "", "", "InvalidSubnet", "10.1.0.5/16", "invalid subnet '10.1.0.5/16': it should be 10.1.0.0/16")]
    [InlineData("10.1.0.0/16,10.1.2.0/24", "", "", "InvalidSubnet", "10.1.2.0/24", "subnets 10.1.0.0/16 and 10.1.2.0/24 overlap")]
    [InlineData("10.1.0.0/16", "10.1.2/24", "", "InvalidIPRange", "10.1.2/24", "invalid ip-range '10.1.2/24': not a network in CIDR notation")]
    [InlineData("10.1.0.0/16", "10.2.0.0/24", "", "InvalidIPRange", "10.2.0.0/24", "no matching subnet for range 10.2.0.0/24")]
    [InlineData("10.1.0.0/24", "10.1.0.0/16", "", "InvalidIPRange", "10.1.0.0/16", "ip-range 10.1.0.0/16 is larger than its subnet 10.1.0.0/24")]
    [InlineData("10.1.0.0/16", "10.1.1.0/24,10.1.2.0/24", "", "InvalidIPRange", "10.1.2.0/24", "cannot configure multiple ranges (10.1.2.0/24, 10.1.1.0/24) on the same subnet (10.1.0.0/16)")]
    [InlineData("", "10.1.1.0/24", "", "InvalidIPRange", "10.1.1.0/24", "no matching subnet for range 10.1.1.0/24")]
    [InlineData("10.1.0.0/16", "", "10.1.0.300", "InvalidGateway", "10.1.0.300", "invalid gateway '10.1.0.300': not an IP address")]
    [InlineData("10.1.0.0/16", "", "10.2.0.1", "InvalidGateway", "10.2.0.1", "no matching subnet for gateway 10.2.0.1")]
    [InlineData("10.1.0.0/16", "", "10.1.0.1,10.1.0.2", "InvalidGateway", "10.1.0.2", "cannot configure multiple gateways (10.1.0.2, 10.1.0.1) for the same subnet (10.1.0.0/16)")]
    [InlineData("", "", "10.1.0.1", "InvalidGateway", "10.1.0.1", "no matching subnet for gateway 10.1.0.1")]
    [InlineData("fd00:1::/64", "", "10.1.0.1", "InvalidGateway", "10.1.0.1", "no matching subnet for gateway 10.1.0.1")]
    [InlineData("10.1.0.0/16", "", "fd00:1::1", "InvalidGateway", "fd00:1::1", "no matching subnet for gateway fd00:1::1")]
    public void Build_RefusesWhatDockerWouldNotMake_NamingTheValueAndItsParameter(string subnets, string ranges, string gateways, string errorId, string value, string words)
    {
        static string[] List(string text) => text.Length == 0 ? Array.Empty<string>() : text.Split(',');

        var error = Assert.Throws<InvalidIpamException>(() => IpamSpec.Build(List(subnets), List(ranges), List(gateways)));

        Assert.Equal(errorId, error.ErrorId);
        Assert.Equal(value, error.Value);
        Assert.StartsWith(words, error.Message);
    }
}
