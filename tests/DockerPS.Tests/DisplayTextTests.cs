using System;
using DockerPS.Formatting;
using Xunit;

namespace DockerPS.Tests;

public class DisplayTextTests
{
    [Theory]
    [InlineData(0L, "0B")]
    [InlineData(1L, "1B")]
    [InlineData(999L, "999B")]
    [InlineData(1_000L, "1kB")]
    [InlineData(1_500L, "1.5kB")]
    [InlineData(4_096L, "4.1kB")]
    [InlineData(1_990_000L, "1.99MB")]
    [InlineData(5_580_000L, "5.58MB")]
    [InlineData(7_804_321L, "7.8MB")]
    [InlineData(109_000_000L, "109MB")]
    [InlineData(187_654_321L, "188MB")]
    [InlineData(1_230_000_000L, "1.23GB")]
    [InlineData(2_000_000_000_000L, "2TB")]
    [InlineData(999_950L, "1MB")] // three digits would print 1E+03kB
    [InlineData(999_499L, "999kB")]
    public void Size_UsesThreeSignificantDigitsAndDecimalUnits(long bytes, string expected)
    {
        Assert.Equal(expected, DisplayText.Size(bytes));
    }

    [Theory]
    [InlineData(0, "Less than a second")]
    [InlineData(0.999, "Less than a second")]
    [InlineData(-5, "Less than a second")] // a clock slightly ahead of the engine's
    [InlineData(1, "1 second")]
    [InlineData(2, "2 seconds")]
    [InlineData(59, "59 seconds")]
    [InlineData(60, "About a minute")]
    [InlineData(119, "About a minute")]
    [InlineData(120, "2 minutes")]
    [InlineData(59 * 60 + 59, "59 minutes")]
    [InlineData(60 * 60, "About an hour")]
    [InlineData(89 * 60, "About an hour")] // hours are rounded: 1.48 h
    [InlineData(90 * 60, "2 hours")] // 1.5 h rounds up
    [InlineData(47 * 3600, "47 hours")]
    [InlineData(47 * 3600 + 29 * 60, "47 hours")]
    [InlineData(47 * 3600 + 30 * 60, "2 days")] // 47.5 h rounds to 48
    [InlineData(2 * 86400, "2 days")]
    [InlineData(13 * 86400, "13 days")]
    [InlineData(14 * 86400, "2 weeks")]
    [InlineData(59 * 86400, "8 weeks")]
    [InlineData(60 * 86400, "2 months")]
    [InlineData(729 * 86400, "24 months")]
    [InlineData(730 * 86400, "2 years")]
    [InlineData(5 * 365 * 86400, "5 years")]
    public void Duration_FollowsGoUnitsHumanDuration(double seconds, string expected)
    {
        Assert.Equal(expected, DisplayText.Duration(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void Ago_AppendsAgo()
    {
        var now = new DateTime(2026, 11, 28, 10, 0, 0, DateTimeKind.Utc);

        Assert.Equal("3 days ago", DisplayText.Ago(now.AddDays(-3), now));
    }

    [Fact]
    public void Ago_ComparesMomentsInDifferentKindsAsTheSameInstant()
    {
        var now = new DateTime(2026, 11, 28, 10, 0, 0, DateTimeKind.Utc);
        var localMoment = now.AddMinutes(-5).ToLocalTime();

        Assert.Equal("5 minutes ago", DisplayText.Ago(localMoment, now));
    }

    [Theory]
    [InlineData("sha256:605c77e624ddb75e6110f997c58876baa13f8754486b461117934b24a9dc3a85", "605c77e624dd")]
    [InlineData("605c77e624ddb75e6110f997c58876baa13f8754486b461117934b24a9dc3a85", "605c77e624dd")]
    [InlineData("sha256:605c77e6", "605c77e6")]
    public void ShortImageId_DropsTheAlgorithmAndCutsTo12(string id, string expected)
    {
        Assert.Equal(expected, DisplayText.ShortImageId(id));
    }

    [Theory]
    [InlineData("", "\"\"")]
    [InlineData("/bin/sh", "\"/bin/sh\"")]
    [InlineData("12345678901234567890", "\"12345678901234567890\"")] // exactly 20: kept whole
    [InlineData("/docker-entrypoint.sh nginx -g 'daemon off;'", "\"/docker-entrypoint.…\"")]
    public void Command_IsQuotedAndCutTo20Characters(string command, string expected)
    {
        Assert.Equal(expected, DisplayText.Command(command));
    }

    [Fact]
    public void PortList_EmptyIsEmpty()
    {
        Assert.Equal(string.Empty, DisplayText.PortList(Array.Empty<DockerPortBinding>()));
    }

    [Fact]
    public void PortList_ShowsAPublishedPort()
    {
        Assert.Equal("0.0.0.0:81->80/tcp", DisplayText.PortList(new[] { new DockerPortBinding(80, "tcp", "0.0.0.0", 81) }));
    }

    [Fact]
    public void PortList_ShowsAnUnpublishedPort()
    {
        Assert.Equal("80/tcp", DisplayText.PortList(new[] { new DockerPortBinding(80, "tcp", null, null) }));
    }

    [Fact]
    public void PortList_BracketsAnIPv6HostAddress()
    {
        Assert.Equal("[::]:81->80/tcp", DisplayText.PortList(new[] { new DockerPortBinding(80, "tcp", "::", 81) }));
    }

    [Fact]
    public void PortList_JoinsIPv4AndIPv6BindingsOfOnePort()
    {
        var ports = new[]
        {
            new DockerPortBinding(80, "tcp", "::", 81),
            new DockerPortBinding(80, "tcp", "0.0.0.0", 81),
        };

        Assert.Equal("0.0.0.0:81->80/tcp, [::]:81->80/tcp", DisplayText.PortList(ports));
    }

    [Fact]
    public void PortList_FoldsConsecutivePublishedPorts()
    {
        var ports = new[]
        {
            new DockerPortBinding(82, "tcp", "0.0.0.0", 8002),
            new DockerPortBinding(80, "tcp", "0.0.0.0", 8000),
            new DockerPortBinding(81, "tcp", "0.0.0.0", 8001),
        };

        Assert.Equal("0.0.0.0:8000-8002->80-82/tcp", DisplayText.PortList(ports));
    }

    [Fact]
    public void PortList_FoldsConsecutiveUnpublishedPorts()
    {
        var ports = new[]
        {
            new DockerPortBinding(7001, "tcp", null, null),
            new DockerPortBinding(7000, "tcp", null, null),
            new DockerPortBinding(7002, "tcp", null, null),
        };

        Assert.Equal("7000-7002/tcp", DisplayText.PortList(ports));
    }

    [Fact]
    public void PortList_DoesNotFoldWhenHostPortsAreNotConsecutive()
    {
        var ports = new[]
        {
            new DockerPortBinding(80, "tcp", "0.0.0.0", 8000),
            new DockerPortBinding(81, "tcp", "0.0.0.0", 9000),
        };

        Assert.Equal("0.0.0.0:8000->80/tcp, 0.0.0.0:9000->81/tcp", DisplayText.PortList(ports));
    }

    [Fact]
    public void PortList_DoesNotFoldAcrossAGap()
    {
        var ports = new[]
        {
            new DockerPortBinding(80, "tcp", null, null),
            new DockerPortBinding(82, "tcp", null, null),
        };

        Assert.Equal("80/tcp, 82/tcp", DisplayText.PortList(ports));
    }

    [Fact]
    public void PortList_KeepsProtocolsApart()
    {
        var ports = new[]
        {
            new DockerPortBinding(53, "udp", "0.0.0.0", 53),
            new DockerPortBinding(53, "tcp", "0.0.0.0", 53),
            new DockerPortBinding(54, "udp", "0.0.0.0", 54),
        };

        Assert.Equal("0.0.0.0:53->53/tcp, 0.0.0.0:53-54->53-54/udp", DisplayText.PortList(ports));
    }

    [Fact]
    public void PortList_DoesNotFoldConsecutivePortsOfDifferentProtocols()
    {
        var ports = new[]
        {
            new DockerPortBinding(80, "tcp", null, null),
            new DockerPortBinding(81, "udp", null, null),
        };

        Assert.Equal("80/tcp, 81/udp", DisplayText.PortList(ports));
    }

    [Fact]
    public void PortList_ListsUnpublishedPortsBeforePublishedOnes()
    {
        var ports = new[]
        {
            new DockerPortBinding(80, "tcp", "0.0.0.0", 8080),
            new DockerPortBinding(443, "tcp", null, null),
        };

        Assert.Equal("443/tcp, 0.0.0.0:8080->80/tcp", DisplayText.PortList(ports));
    }
}
