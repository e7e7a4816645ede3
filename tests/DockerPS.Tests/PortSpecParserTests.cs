using System;
using System.Linq;
using DockerPS.Containers;
using Xunit;

namespace DockerPS.Tests;

/// <summary>The expectations are what nat.ParsePortSpec (docker run -p) produces for the same text.</summary>
public class PortSpecParserTests
{
    // Each mapping as "containerPort|hostIp|hostPort", mappings separated by spaces.
    [Theory]
    [InlineData("80", "80/tcp||")]
    [InlineData("80/tcp", "80/tcp||")]
    [InlineData("80/", "80/tcp||")]
    [InlineData("80/udp", "80/udp||")]
    [InlineData("80/UDP", "80/udp||")]
    [InlineData("80/Sctp", "80/sctp||")]
    [InlineData("081", "81/tcp||")]
    [InlineData("+80", "80/tcp||")]
    [InlineData("0", "0/tcp||")]
    [InlineData("65535", "65535/tcp||")]
    [InlineData("81:80", "80/tcp||81")]
    [InlineData(":80", "80/tcp||")]
    [InlineData("0:80", "80/tcp||0")]
    [InlineData("81:80/udp", "80/udp||81")]
    [InlineData("127.0.0.1:81:80", "80/tcp|127.0.0.1|81")]
    [InlineData("127.0.0.1::80", "80/tcp|127.0.0.1|")]
    [InlineData("0.0.0.0:81:80/sctp", "80/sctp|0.0.0.0|81")]
    [InlineData("[::1]:81:80", "80/tcp|::1|81")]
    [InlineData("[::1]::80", "80/tcp|::1|")]
    [InlineData("[2001:db8::5]:8080:80/udp", "80/udp|2001:db8::5|8080")]
    [InlineData("::1:81:80", "80/tcp|::1|81")]
    [InlineData("[::ffff:10.0.0.1]:81:80", "80/tcp|::ffff:10.0.0.1|81")]
    [InlineData("[]:81:80", "80/tcp||81")]
    [InlineData("80-82", "80/tcp|| 81/tcp|| 82/tcp||")]
    [InlineData("80-80", "80/tcp||")]
    [InlineData("80-82/udp", "80/udp|| 81/udp|| 82/udp||")]
    [InlineData("8000-8002:80-82", "80/tcp||8000 81/tcp||8001 82/tcp||8002")]
    [InlineData("10.0.0.1:8000-8001:80-81/udp", "80/udp|10.0.0.1|8000 81/udp|10.0.0.1|8001")]
    [InlineData("10.0.0.1::80-82", "80/tcp|10.0.0.1| 81/tcp|10.0.0.1| 82/tcp|10.0.0.1|")]
    [InlineData("8000-8010:80", "80/tcp||8000-8010")]
    [InlineData("127.0.0.1:8000-8010:80/udp", "80/udp|127.0.0.1|8000-8010")]
    [InlineData("8000-8000:80", "80/tcp||8000")]
    public void Parse_ShortSyntax(string spec, string expected)
    {
        Assert.Equal(expected, Text(PortSpecParser.Parse(spec)));
    }

    [Theory]
    [InlineData("target=80,published=8080", "80/tcp||8080")]
    [InlineData("published=8080,target=80,protocol=udp", "80/udp||8080")]
    [InlineData("target=80", "80/tcp||")]
    [InlineData("target=80-81,published=8000-8001,protocol=SCTP", "80/sctp||8000 81/sctp||8001")]
    [InlineData("target=80,target=90", "90/tcp||")]
    public void Parse_LongSyntax(string spec, string expected)
    {
        Assert.Equal(expected, Text(PortSpecParser.Parse(spec)));
    }

    [Theory]
    [InlineData("", "no port specified: <empty>")]
    [InlineData("1.2.3.4:", "no port specified: 1.2.3.4:<empty>")]
    [InlineData("81:", "no port specified: 81:<empty>")]
    [InlineData("/udp", "no port specified: /udp<empty>")]
    [InlineData("80/foo", "invalid proto: foo")]
    [InlineData("80/FOO", "invalid proto: FOO")]
    [InlineData("80/udp/tcp", "invalid proto: udp/tcp")]
    [InlineData("1.2.3:81:80", "invalid IP address: 1.2.3")]
    [InlineData("10:81:80", "invalid IP address: 10")]
    [InlineData("1.2.3.256:81:80", "invalid IP address: 1.2.3.256")]
    [InlineData("01.2.3.4:81:80", "invalid IP address: 01.2.3.4")]
    [InlineData("localhost:81:80", "invalid IP address: localhost")]
    [InlineData("fe80::1%eth0:81:80", "invalid IP address: fe80::1%eth0")]
    [InlineData("1:::2::81:80", "invalid IP address: 1:::2:")]
    [InlineData("[::1:81:80", "invalid IP address [::1: expected [address]")]
    [InlineData("[::1]x:81:80", "invalid IP address [::1]x: expected [address]")]
    [InlineData("[[::1]]:81:80", "invalid IP address [[::1]]: expected [address]")]
    [InlineData("[::1]:80", "invalid IP address [:: expected [address]")]
    [InlineData("80a", "invalid containerPort: 80a")]
    [InlineData("-80", "invalid containerPort: -80")]
    [InlineData("80-", "invalid containerPort: 80-")]
    [InlineData("80-90-100", "invalid containerPort: 80-90-100")]
    [InlineData(" 80", "invalid containerPort:  80")]
    [InlineData("+", "invalid containerPort: +")]
    [InlineData("65536", "invalid containerPort: 65536 (ports are 0 to 65535)")]
    [InlineData("99999999999", "invalid containerPort: 99999999999 (ports are 0 to 65535)")]
    [InlineData("90-80", "invalid containerPort: 90-80 (invalid port range: 90-80)")]
    [InlineData("x:80", "invalid hostPort: x")]
    [InlineData("8000-:80", "invalid hostPort: 8000-")]
    [InlineData("70000:80", "invalid hostPort: 70000 (ports are 0 to 65535)")]
    [InlineData("90-80:80", "invalid hostPort: 90-80 (invalid port range: 90-80)")]
    [InlineData("8000-8001:80-82", "invalid ranges specified for container and host Ports: 80-82 and 8000-8001")]
    [InlineData("8000:80-82", "invalid ranges specified for container and host Ports: 80-82 and 8000")]
    public void Parse_RefusesWithTheCliMessage(string spec, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => PortSpecParser.Parse(spec));

        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("target=80,published", "invalid publish opts format (should be name=value but got 'published')")]
    [InlineData("target=80,=8080", "invalid publish opts format (should be name=value but got '=8080')")]
    [InlineData("published=8080", "no port specified: published=8080: the long syntax needs target=<port>")]
    [InlineData("target=,published=8080", "no port specified: target=,published=8080: the long syntax needs target=<port>")]
    [InlineData("target=80,protocol=foo", "invalid proto: foo")]
    [InlineData("target=80x", "invalid containerPort: 80x")]
    public void Parse_RefusesBadLongSyntax(string spec, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => PortSpecParser.Parse(spec));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Parse_RefusesUnknownLongSyntaxKeysRatherThanIgnoringThem()
    {
        var error = Assert.Throws<ArgumentException>(() => PortSpecParser.Parse("target=80,published=8080,host_ip=127.0.0.1"));

        Assert.Contains("unknown key 'host_ip'", error.Message);
        Assert.Contains("target=80,published=8080,host_ip=127.0.0.1", error.Message);
    }

    [Fact]
    public void Merge_ExposesEveryPortAndAccumulatesBindings()
    {
        var ports = PortSpecParser.Merge(new[] { "8080:80", "127.0.0.1:8081:80", "53/udp", "9000-9001:90-91" });

        Assert.Equal(
            new[] { "53/udp", "80/tcp", "90/tcp", "91/tcp" },
            ports.ExposedPorts.Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.Equal(
            new[] { "53/udp", "80/tcp", "90/tcp", "91/tcp" },
            ports.PortBindings.Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.Equal(new[] { "|8080", "127.0.0.1|8081" }, ports.PortBindings["80/tcp"].Select(b => b.HostIP + "|" + b.HostPort));
        Assert.Equal(new[] { "|" }, ports.PortBindings["53/udp"].Select(b => b.HostIP + "|" + b.HostPort));
        Assert.Equal(new[] { "|9000" }, ports.PortBindings["90/tcp"].Select(b => b.HostIP + "|" + b.HostPort));
        Assert.Equal(new[] { "|9001" }, ports.PortBindings["91/tcp"].Select(b => b.HostIP + "|" + b.HostPort));
    }

    [Fact]
    public void Merge_KeepsRepeatedBindingsAsTheCliDoes()
    {
        var ports = PortSpecParser.Merge(new[] { "80", "80" });

        Assert.Single(ports.ExposedPorts);
        Assert.Equal(2, ports.PortBindings["80/tcp"].Count);
    }

    [Fact]
    public void Merge_OfNothingIsEmpty()
    {
        var ports = PortSpecParser.Merge(Array.Empty<string>());

        Assert.Empty(ports.ExposedPorts);
        Assert.Empty(ports.PortBindings);
    }

    [Fact]
    public void Merge_StopsAtTheFirstBadSpec()
    {
        var error = Assert.Throws<ArgumentException>(() => PortSpecParser.Merge(new[] { "80", "81/foo" }));

        Assert.Equal("invalid proto: foo", error.Message);
    }

    private static string Text(System.Collections.Generic.IEnumerable<PortSpecParser.PortMapping> mappings) =>
        string.Join(" ", mappings.Select(m => $"{m.ContainerPort}|{m.HostIp}|{m.HostPort}"));
}
