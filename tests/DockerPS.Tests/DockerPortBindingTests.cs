using Xunit;

namespace DockerPS.Tests;

public class DockerPortBindingTests
{
    [Theory]
    [InlineData(80, "tcp", "0.0.0.0", 81, "80/tcp -> 0.0.0.0:81")]
    [InlineData(80, "tcp", null, null, "80/tcp")]
    [InlineData(80, "tcp", "::", 81, "80/tcp -> [::]:81")]
    [InlineData(53, "udp", "127.0.0.1", 5353, "53/udp -> 127.0.0.1:5353")]
    [InlineData(80, "tcp", null, 81, "80/tcp -> 0.0.0.0:81")] // published without an address: all interfaces
    public void ToString_UsesDockerPortNotation(int containerPort, string protocol, string? hostIp, int? hostPort, string expected)
    {
        Assert.Equal(expected, new DockerPortBinding(containerPort, protocol, hostIp, hostPort).ToString());
    }

    [Theory]
    [InlineData("0.0.0.0", 81, "0.0.0.0:81")]
    [InlineData("::", 81, "[::]:81")]
    [InlineData("2001:db8::1", 8080, "[2001:db8::1]:8080")]
    [InlineData(null, null, null)]
    public void HostEndpointText_BracketsIPv6(string? hostIp, int? hostPort, string? expected)
    {
        Assert.Equal(expected, new DockerPortBinding(80, "tcp", hostIp, hostPort).HostEndpointText);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void HostIp_OfAPortPublishedWithoutAnAddressIsEveryAddress(string? hostIp)
    {
        // Podman lists such a port without an address where Docker says 0.0.0.0.
        Assert.Equal("0.0.0.0", new DockerPortBinding(80, "tcp", hostIp, 81).HostIp);
    }

    [Theory]
    [InlineData("TCP", "tcp")]
    [InlineData("", "tcp")]
    [InlineData("sctp", "sctp")]
    public void Protocol_IsLowercaseAndDefaultsToTcp(string protocol, string expected)
    {
        var port = new DockerPortBinding(80, protocol, null, null);

        Assert.Equal(expected, port.Protocol);
        Assert.Equal("80/" + expected, port.ContainerPortText);
    }

    [Fact]
    public void EmptyHostIpIsNull()
    {
        var port = new DockerPortBinding(80, "tcp", string.Empty, null);

        Assert.Null(port.HostIp);
        Assert.False(port.IsPublished);
    }

    [Fact]
    public void IsPublishedWhenItHasAHostPort()
    {
        Assert.True(new DockerPortBinding(80, "tcp", "0.0.0.0", 81).IsPublished);
    }
}
