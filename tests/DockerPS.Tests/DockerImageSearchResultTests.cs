using System;
using Xunit;

namespace DockerPS.Tests;

/// <summary>A repository found by docker search.</summary>
public class DockerImageSearchResultTests
{
    private static readonly DockerEndpoint Endpoint = new(new Uri("unix:///var/run/docker.sock"), DockerEndpointSource.PlatformDefault, "default");

    [Fact]
    public void Constructor_KeepsEveryProperty()
    {
        var result = new DockerImageSearchResult(Endpoint, "docker.io", "nginx", "Official build of Nginx.", 20812, isOfficial: true, isAutomated: false);

        Assert.Same(Endpoint, result.Endpoint);
        Assert.Equal("docker.io", result.Registry);
        Assert.Equal("nginx", result.Name);
        Assert.Equal("Official build of Nginx.", result.Description);
        Assert.Equal(20812L, result.Stars);
        Assert.True(result.IsOfficial);
        Assert.False(result.IsAutomated);
    }

    [Fact]
    public void Constructor_KeepsFlagsTheOtherWayRound()
    {
        var result = new DockerImageSearchResult(Endpoint, "docker.io", "someone/tool", "A tool", 0, isOfficial: false, isAutomated: true);

        Assert.False(result.IsOfficial);
        Assert.True(result.IsAutomated);
        Assert.Equal(0L, result.Stars);
    }

    [Fact]
    public void Constructor_KeepsLargeStarCounts()
    {
        var result = new DockerImageSearchResult(Endpoint, "docker.io", "nginx", null, 5_000_000_000L, true, false);

        Assert.Equal(5_000_000_000L, result.Stars);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Description_MissingOrEmpty_IsNull(string? description)
    {
        var result = new DockerImageSearchResult(Endpoint, "docker.io", "someone/tool", description, 3, false, false);

        Assert.Null(result.Description);
    }

    [Fact]
    public void Description_Whitespace_IsKept()
    {
        var result = new DockerImageSearchResult(Endpoint, "docker.io", "someone/tool", " ", 3, false, false);

        Assert.Equal(" ", result.Description);
    }

    [Fact]
    public void ToString_IsTheName()
    {
        var result = new DockerImageSearchResult(Endpoint, "docker.io", "bitnami/redis", "Redis", 300, false, false);

        Assert.Equal("bitnami/redis", result.ToString());
    }
}
