using System;
using System.Collections.Generic;
using System.Linq;
using DockerPS.Containers;
using Xunit;
using Version = System.Version;

namespace DockerPS.Tests;

/// <summary>-Tmpfs, -AddHost and the network options read as docker run's --tmpfs, --add-host, --network, --network-alias, --ip and --ip6.</summary>
public class RunStorageNetworkParserTests
{
    // ---- -Tmpfs ----

    [Theory]
    [InlineData("/run", "/run", "")]
    [InlineData("/run:", "/run", "")]
    [InlineData("/run:rw,size=64m", "/run", "rw,size=64m")]
    [InlineData("/cache:rw,noexec,nosuid,size=65536k,mode=1777,uid=1000", "/cache", "rw,noexec,nosuid,size=65536k,mode=1777,uid=1000")]
    [InlineData("/t:size=10%", "/t", "size=10%")]
    [InlineData("/t:size=0x100000", "/t", "size=0x100000")]
    [InlineData("/t:size=2G", "/t", "size=2G")]
    [InlineData("/t:mode=700", "/t", "mode=700")]
    public void Tmpfs_PathAndOptions(string spec, string path, string options)
    {
        Assert.Equal((path, options), TmpfsSpecParser.Parse(spec));
    }

    [Theory]
    [InlineData("run", "invalid mount path: 'run' mount path must be absolute")]
    [InlineData(":size=1m", "invalid mount path: '' mount path must be absolute")]
    [InlineData("/", "destination can't be '/'")]
    [InlineData("/run:rw,,noexec", "empty option between commas")]
    [InlineData("/run:size=64MB", "invalid size '64MB'")]
    [InlineData("/run:size=", "invalid size ''")]
    [InlineData("/run:size", "invalid size ''")]
    [InlineData("/run:size=1.5g", "invalid size '1.5g'")]
    [InlineData("/run:size=10%m", "invalid size '10%m'")]
    [InlineData("/run:mode=999", "invalid mode '999'")]
    [InlineData("/run:mode=u+rwx", "invalid mode 'u+rwx'")]
    public void Tmpfs_WhatTheEngineOrTheKernelWouldRefuse_IsRefusedNamingTheSpec(string spec, string words)
    {
        var error = Assert.Throws<ArgumentException>(() => TmpfsSpecParser.Parse(spec));

        Assert.StartsWith($"invalid tmpfs specification: '{spec}': ", error.Message);
        Assert.Contains(words, error.Message);
    }

    [Fact]
    public void Tmpfs_Merge_ThePathGivenTwiceKeepsItsLastOptions()
    {
        var merged = TmpfsSpecParser.Merge(new[] { "/a:size=1m", "/b", "/a:size=2m" }.Select(TmpfsSpecParser.Parse));

        Assert.Equal(new Dictionary<string, string> { ["/a"] = "size=2m", ["/b"] = string.Empty }, merged);
    }

    // ---- -AddHost ----

    [Theory]
    [InlineData("db:10.0.0.5", "db:10.0.0.5")]
    [InlineData("db=10.0.0.5", "db:10.0.0.5")]
    [InlineData("v6:::1", "v6:::1")]
    [InlineData("v6:[::1]", "v6:::1")]
    [InlineData("v6=[2001:db8::33]", "v6:2001:db8::33")]
    [InlineData("v6=2001:db8::33", "v6:2001:db8::33")]
    [InlineData("v4:[10.0.0.5]", "v4:10.0.0.5")]
    [InlineData("mapped:::ffff:10.0.0.5", "mapped:::ffff:10.0.0.5")]
    [InlineData("host.docker.internal:host-gateway", "host.docker.internal:host-gateway")]
    [InlineData("gw=host-gateway", "gw:host-gateway")]
    public void AddHost_IsWhatTheEngineReads(string value, string entry)
    {
        Assert.Equal(entry, ExtraHostParser.Normalize(value));
    }

    [Theory]
    [InlineData("db", "bad format for add-host: \"db\"")]
    [InlineData(":10.0.0.5", "bad format for add-host: \":10.0.0.5\"")]
    [InlineData("=10.0.0.5", "bad format for add-host: \"=10.0.0.5\"")]
    [InlineData("a:b=10.0.0.5", "bad format for add-host: \"a:b=10.0.0.5\"")]
    [InlineData("db:10.0.0", "invalid IP address in add-host: \"10.0.0\"")]
    [InlineData("db:10.0.0.256", "invalid IP address in add-host: \"10.0.0.256\"")]
    [InlineData("db:010.0.0.5", "invalid IP address in add-host: \"010.0.0.5\"")]
    [InlineData("db:example.com", "invalid IP address in add-host: \"example.com\"")]
    [InlineData("db:", "invalid IP address in add-host: \"\"")]
    [InlineData("db:fe80::1%eth0", "invalid IP address in add-host: \"fe80::1%eth0\"")]
    [InlineData("db:[host-gateway]", "invalid IP address in add-host: \"host-gateway\"")]
    public void AddHost_Malformed_IsRefusedInTheCliWords(string value, string words)
    {
        Assert.StartsWith(words, Assert.Throws<ArgumentException>(() => ExtraHostParser.Normalize(value)).Message);
    }

    // ---- -Network, -NetworkAlias, -IPAddress, -IP6Address ----

    [Theory]
    [InlineData("front")]
    [InlineData("bridge")]
    [InlineData("host")]
    [InlineData("container:db")]
    [InlineData("front,back,db-net")]
    public void Networks_ThatCanBeJoinedTogether(string networks)
    {
        NetworkAttachments.CheckNetworks(networks.Split(','));
    }

    [Theory]
    [InlineData(new[] { "front", "front" }, "network \"front\" is specified multiple times")]
    [InlineData(new[] { "front", "bridge" }, "conflicting options: cannot attach both user-defined and non-user-defined network-modes")]
    [InlineData(new[] { "none", "front" }, "conflicting options: cannot attach both user-defined and non-user-defined network-modes")]
    [InlineData(new[] { "front", "container:db" }, "conflicting options: cannot attach both user-defined and non-user-defined network-modes")]
    [InlineData(new[] { "bridge", "host" }, "'bridge' cannot be combined with other networks")]
    [InlineData(new[] { " " }, "no name set for network")]
    public void Networks_ThatCannot_AreRefused(string[] networks, string words)
    {
        Assert.StartsWith(words, Assert.Throws<ArgumentException>(() => NetworkAttachments.CheckNetworks(networks)).Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("bridge")]
    [InlineData("default")]
    [InlineData("host")]
    public void Aliases_OnTheEnginesOwnNetworks_AreRefused(string? network)
    {
        var error = Assert.Throws<ArgumentException>(() => NetworkAttachments.CheckAliases(network is null ? null : new[] { network }, new[] { "web" }));

        Assert.StartsWith("network-scoped aliases are only supported for user-defined networks", error.Message);
    }

    [Fact]
    public void Aliases_OnAUserNetwork_OrNone_AreFine()
    {
        NetworkAttachments.CheckAliases(new[] { "front" }, new[] { "web", "www" });
        NetworkAttachments.CheckAliases(null, Array.Empty<string>());
    }

    [Theory]
    [InlineData("10.213.241.9", false, null)]
    [InlineData("2001:db8::9", true, null)]
    [InlineData("::ffff:10.0.0.1", true, null)]
    [InlineData("2001:db8::9", false, "'2001:db8::9' is an IPv6 address: give it to -IP6Address")]
    [InlineData("10.0.0.1", true, "'10.0.0.1' is an IPv4 address: give it to -IPAddress")]
    [InlineData("10.0.0", false, "invalid IPv4 address: 10.0.0")]
    [InlineData("10.0.0.01", false, "invalid IPv4 address: 10.0.0.01")]
    [InlineData("web", true, "invalid IPv6 address: web")]
    public void Address_OfTheRightFamily(string address, bool ipv6, string? words)
    {
        void Check() => NetworkAttachments.CheckAddress(new[] { "front" }, address, ipv6);

        if (words is null)
        {
            Check();
        }
        else
        {
            Assert.Equal(words, Assert.Throws<ArgumentException>(Check).Message);
        }
    }

    [Fact]
    public void Address_OnTheDefaultNetwork_IsRefusedInTheEnginesWords()
    {
        var error = Assert.Throws<ArgumentException>(() => NetworkAttachments.CheckAddress(new[] { "bridge" }, "172.17.0.9", ipv6: false));

        Assert.StartsWith("user specified IP address is supported on user defined networks only", error.Message);
    }

    [Fact]
    public void OneNetworkWithoutOptions_SendsNoEndpoints_AsTheCli()
    {
        var attachments = NetworkAttachments.Of(new[] { "front" }, null, null, null);

        Assert.Equal("front", attachments.NetworkMode);
        Assert.Null(attachments.ForCreate(new Version(1, 44)));
        Assert.Empty(attachments.AfterCreate(new Version(1, 41)));
    }

    [Fact]
    public void NoNetwork_IsTheEnginesDefault()
    {
        var attachments = NetworkAttachments.Of(null, null, null, null);

        Assert.Equal(string.Empty, attachments.NetworkMode);
        Assert.Null(attachments.ForCreate(new Version(1, 41)));
    }

    [Fact]
    public void Endpoint_OfTheFirstNetwork_CarriesAliasesAndAddresses()
    {
        var endpoints = NetworkAttachments.Of(new[] { "front" }, new[] { "web", "www" }, "10.213.241.9", "2001:db8::9").ForCreate(new Version(1, 41))!.EndpointsConfig;

        var front = Assert.Single(endpoints).Value;
        Assert.Equal(new[] { "web", "www" }, front.Aliases);
        Assert.Equal("10.213.241.9", front.IPAMConfig!.IPv4Address);
        Assert.Equal("2001:db8::9", front.IPAMConfig!.IPv6Address);
    }

    [Fact]
    public void SeveralNetworks_FromApi144_AllGoInTheCreate_OptionsOnTheFirstOnly()
    {
        var attachments = NetworkAttachments.Of(new[] { "front", "back", "db" }, new[] { "web" }, "10.213.241.9", null);

        var endpoints = attachments.ForCreate(new Version(1, 44))!.EndpointsConfig;

        Assert.Equal(new[] { "back", "db", "front" }, endpoints.Keys.OrderBy(name => name, StringComparer.Ordinal));
        Assert.Equal(new[] { "web" }, endpoints["front"].Aliases);
        Assert.Null(endpoints["back"].Aliases);
        Assert.Null(endpoints["back"].IPAMConfig);
        Assert.Null(endpoints["db"].IPAMConfig);
        Assert.Empty(attachments.AfterCreate(new Version(1, 44)));
        Assert.Empty(attachments.AfterCreate(new Version(1, 54)));
    }

    [Fact]
    public void SeveralNetworks_BeforeApi144_TheFirstInTheCreate_TheOthersConnectedAfter()
    {
        var attachments = NetworkAttachments.Of(new[] { "front", "back", "db" }, new[] { "web" }, null, null);

        var endpoints = attachments.ForCreate(new Version(1, 43))!.EndpointsConfig;

        Assert.Equal("front", Assert.Single(endpoints).Key);
        Assert.Equal(new[] { "back", "db" }, attachments.AfterCreate(new Version(1, 43)));
        Assert.Equal("front", attachments.NetworkMode);
    }

    [Fact]
    public void SeveralNetworksWithoutOptions_BeforeApi144_SendNoEndpoints()
    {
        var attachments = NetworkAttachments.Of(new[] { "front", "back" }, null, null, null);

        Assert.Null(attachments.ForCreate(new Version(1, 41)));
        Assert.Equal(new[] { "back" }, attachments.AfterCreate(new Version(1, 41)));
    }
}
