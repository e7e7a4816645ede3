using System.Collections.Generic;
using System.IO;
using DockerPS.Engine;
using Xunit;

namespace DockerPS.Tests;

public class DockerCliEnvironmentTests
{
    private const string Home = "/home/someone";

    private static DockerCliEnvironment Environment(Dictionary<string, string?> variables) =>
        new(name => variables.GetValueOrDefault(name), Home, isWindows: false);

    [Fact]
    public void Get_ReturnsTheVariable()
    {
        var environment = Environment(new() { ["DOCKER_HOST"] = "tcp://h:1" });

        Assert.Equal("tcp://h:1", environment.Get("DOCKER_HOST"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Get_TreatsEmptyAsUnset(string? value)
    {
        var environment = Environment(new() { ["DOCKER_HOST"] = value });

        Assert.Null(environment.Get("DOCKER_HOST"));
    }

    [Fact]
    public void ConfigDirectory_DefaultsToDotDockerInHome()
    {
        Assert.Equal(Path.Combine(Home, ".docker"), Environment(new()).ConfigDirectory);
    }

    [Fact]
    public void ConfigDirectory_FollowsDockerConfig()
    {
        var environment = Environment(new() { ["DOCKER_CONFIG"] = "/etc/docker-cli" });

        Assert.Equal("/etc/docker-cli", environment.ConfigDirectory);
    }

    [Fact]
    public void ConfigDirectory_IgnoresEmptyDockerConfig()
    {
        var environment = Environment(new() { ["DOCKER_CONFIG"] = string.Empty });

        Assert.Equal(Path.Combine(Home, ".docker"), environment.ConfigDirectory);
    }
}
