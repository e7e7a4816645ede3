using System.Collections.Generic;
using System.Linq;
using Docker.DotNet.Models;
using DockerPS.Mapping;
using Xunit;

namespace DockerPS.Tests;

public class ModelMapperPortsTests
{
    private static ContainerInspectResponse Inspect(IDictionary<string, IList<PortBinding>>? ports, string name = "/web") => new()
    {
        ID = "8f2d3c1e4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0",
        Name = name,
        NetworkSettings = ports is null ? null : new NetworkSettings { Ports = ports },
    };

    private static PortBinding Bind(string hostIp, string hostPort) => new() { HostIP = hostIp, HostPort = hostPort };

    private static string[] Describe(IEnumerable<DockerPortBinding> bindings) =>
        bindings.Select(binding => $"{binding.Container}|{binding.ContainerPort}|{binding.Protocol}|{binding.HostIp}|{binding.HostPort}").ToArray();

    // ---- PublishedPorts ----

    [Fact]
    public void PublishedPorts_ListsEveryBindingOfEveryPublishedPort()
    {
        var inspect = Inspect(new Dictionary<string, IList<PortBinding>>
        {
            ["80/tcp"] = new List<PortBinding> { Bind("0.0.0.0", "8080"), Bind("::", "8080") },
            ["53/udp"] = new List<PortBinding> { Bind("127.0.0.1", "5353") },
        });

        Assert.Equal(
            new[]
            {
                "web|53|udp|127.0.0.1|5353",
                "web|80|tcp|0.0.0.0|8080",
                "web|80|tcp|::|8080",
            },
            Describe(ModelMapper.PublishedPorts(inspect)));
    }

    [Fact]
    public void PublishedPorts_OrdersByPortThenProtocol()
    {
        var inspect = Inspect(new Dictionary<string, IList<PortBinding>>
        {
            ["8080/tcp"] = new List<PortBinding> { Bind("0.0.0.0", "1") },
            ["53/udp"] = new List<PortBinding> { Bind("0.0.0.0", "2") },
            ["443/tcp"] = new List<PortBinding> { Bind("0.0.0.0", "3") },
            ["53/tcp"] = new List<PortBinding> { Bind("0.0.0.0", "4") },
            ["53/sctp"] = new List<PortBinding> { Bind("0.0.0.0", "5") },
            ["9/tcp"] = new List<PortBinding> { Bind("0.0.0.0", "6") },
        });

        Assert.Equal(
            new[] { "9/tcp", "53/sctp", "53/tcp", "53/udp", "443/tcp", "8080/tcp" },
            ModelMapper.PublishedPorts(inspect).Select(binding => binding.ContainerPortText));
        Assert.Equal(new int?[] { 6, 5, 4, 2, 3, 1 }, ModelMapper.PublishedPorts(inspect).Select(binding => binding.HostPort));
    }

    [Fact]
    public void PublishedPorts_KeepsTheEnginesOrderOfOnePortsBindings()
    {
        var inspect = Inspect(new Dictionary<string, IList<PortBinding>>
        {
            ["80/tcp"] = new List<PortBinding> { Bind("::", "81"), Bind("0.0.0.0", "81"), Bind("192.168.1.5", "82") },
        });

        Assert.Equal(new[] { "::", "0.0.0.0", "192.168.1.5" }, ModelMapper.PublishedPorts(inspect).Select(binding => binding.HostIp));
    }

    [Fact]
    public void PublishedPorts_LeavesUnpublishedPortsOut()
    {
        var inspect = Inspect(new Dictionary<string, IList<PortBinding>>
        {
            ["443/tcp"] = null!, // exposed, not published: the engine sends null
            ["80/tcp"] = new List<PortBinding> { Bind("0.0.0.0", "8080") },
            ["8443/tcp"] = new List<PortBinding>(),
            ["9000/tcp"] = new List<PortBinding> { Bind("", "") },
            ["9001/tcp"] = new List<PortBinding> { Bind("0.0.0.0", "not a port") },
        });

        Assert.Equal(new[] { "web|80|tcp|0.0.0.0|8080" }, Describe(ModelMapper.PublishedPorts(inspect)));
    }

    [Fact]
    public void PublishedPorts_IgnoresMalformedKeys()
    {
        var inspect = Inspect(new Dictionary<string, IList<PortBinding>>
        {
            ["http/tcp"] = new List<PortBinding> { Bind("0.0.0.0", "1") },
            ["80/icmp"] = new List<PortBinding> { Bind("0.0.0.0", "2") },
            ["0/tcp"] = new List<PortBinding> { Bind("0.0.0.0", "3") },
            ["70000/tcp"] = new List<PortBinding> { Bind("0.0.0.0", "4") },
            ["80-81/tcp"] = new List<PortBinding> { Bind("0.0.0.0", "5") },
            [""] = new List<PortBinding> { Bind("0.0.0.0", "6") },
            ["22/tcp"] = new List<PortBinding> { Bind("0.0.0.0", "2222") },
        });

        Assert.Equal(new[] { "web|22|tcp|0.0.0.0|2222" }, Describe(ModelMapper.PublishedPorts(inspect)));
    }

    [Fact]
    public void PublishedPorts_ReadsAKeyWithoutProtocolAsTcpAndLowersTheProtocol()
    {
        var inspect = Inspect(new Dictionary<string, IList<PortBinding>>
        {
            ["80"] = new List<PortBinding> { Bind("0.0.0.0", "8080") },
            ["53/UDP"] = new List<PortBinding> { Bind("0.0.0.0", "53") },
        });

        Assert.Equal(new[] { "web|53|udp|0.0.0.0|53", "web|80|tcp|0.0.0.0|8080" }, Describe(ModelMapper.PublishedPorts(inspect)));
    }

    [Fact]
    public void PublishedPorts_AnEmptyHostAddressIsEveryAddress()
    {
        // Podman's way of saying 0.0.0.0.
        var inspect = Inspect(new Dictionary<string, IList<PortBinding>>
        {
            ["80/tcp"] = new List<PortBinding> { Bind("", "8080") },
        });

        var binding = Assert.Single(ModelMapper.PublishedPorts(inspect));
        Assert.Equal("0.0.0.0", binding.HostIp);
        Assert.Equal(8080, binding.HostPort);
        Assert.Equal("80/tcp -> 0.0.0.0:8080", binding.ToString());
    }

    [Theory]
    [InlineData("/web", "web")]
    [InlineData("web", "web")]
    [InlineData("/my_app-1", "my_app-1")]
    public void PublishedPorts_NamesTheContainerWithoutTheSlash(string name, string expected)
    {
        var inspect = Inspect(new Dictionary<string, IList<PortBinding>> { ["80/tcp"] = new List<PortBinding> { Bind("0.0.0.0", "81") } }, name);

        Assert.Equal(expected, Assert.Single(ModelMapper.PublishedPorts(inspect)).Container);
    }

    [Fact]
    public void PublishedPorts_ShowsIPv6InBrackets()
    {
        var inspect = Inspect(new Dictionary<string, IList<PortBinding>>
        {
            ["80/tcp"] = new List<PortBinding> { Bind("0.0.0.0", "81"), Bind("::", "81") },
        });

        Assert.Equal(new[] { "80/tcp -> 0.0.0.0:81", "80/tcp -> [::]:81" }, ModelMapper.PublishedPorts(inspect).Select(binding => binding.ToString()));
    }

    [Fact]
    public void PublishedPorts_IsEmptyWithoutNetworkSettings()
    {
        Assert.Empty(ModelMapper.PublishedPorts(Inspect(null)));
    }

    [Fact]
    public void PublishedPorts_IsEmptyWithoutPorts()
    {
        var inspect = new ContainerInspectResponse { Name = "/web", NetworkSettings = new NetworkSettings() };

        Assert.Empty(ModelMapper.PublishedPorts(inspect));
    }

    // ---- DockerPortBinding.TryParseKey ----

    [Theory]
    [InlineData("80/tcp", 80, "tcp")]
    [InlineData("53/udp", 53, "udp")]
    [InlineData("9/sctp", 9, "sctp")]
    [InlineData("443/TCP", 443, "tcp")]
    [InlineData("8080", 8080, "tcp")]
    [InlineData("1/tcp", 1, "tcp")]
    [InlineData("65535/udp", 65535, "udp")]
    public void TryParseKey_ReadsPortAndProtocol(string key, int port, string protocol)
    {
        Assert.True(DockerPortBinding.TryParseKey(key, out var parsedPort, out var parsedProtocol));
        Assert.Equal(port, parsedPort);
        Assert.Equal(protocol, parsedProtocol);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/tcp")]
    [InlineData("80/")]
    [InlineData("http/tcp")]
    [InlineData("0/tcp")]
    [InlineData("65536/tcp")]
    [InlineData("99999999999/tcp")]
    [InlineData("-80/tcp")]
    [InlineData("+80/tcp")]
    [InlineData(" 80/tcp")]
    [InlineData("80 /tcp")]
    [InlineData("80-81/tcp")]
    [InlineData("80/icmp")]
    [InlineData("80/tcp/udp")]
    [InlineData("8 0/tcp")]
    public void TryParseKey_RejectsMalformedKeys(string key)
    {
        Assert.False(DockerPortBinding.TryParseKey(key, out _, out _));
    }
}
