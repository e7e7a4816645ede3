using System;
using DockerPS.Engine;
using Xunit;

namespace DockerPS.Tests;

public class ApiVersionPolicyTests
{
    private const string Endpoint = "unix:///var/run/docker.sock";

    [Theory]
    [InlineData("1.41", "1.12", "1.41")] // Docker 20.10
    [InlineData("1.52", "1.44", "1.52")] // Engine 29
    [InlineData("1.54", "1.44", "1.54")]
    [InlineData("1.60", "1.44", "1.54")] // newer than the library: capped
    [InlineData("1.40", null, "1.40")] // oldest accepted (19.03)
    [InlineData("v1.45", null, "1.45")]
    [InlineData("1.52", "not a version", "1.52")] // an unreadable minimum is no reason to refuse
    public void Choose_TakesTheLowerOfEngineAndLibraryMaximum(string engineMaximum, string? engineMinimum, string expected)
    {
        Assert.Equal(Version.Parse(expected), ApiVersionPolicy.Choose(Endpoint, engineMaximum, engineMinimum, pinnedText: null));
    }

    [Theory]
    [InlineData("1.41", "1.41")]
    [InlineData("v1.41", "1.41")]
    [InlineData(" 1.43 ", "1.43")]
    [InlineData("1.30", "1.30")] // older than the module minimum: the user asked for it
    [InlineData("1.99", "1.99")] // newer than the engine and the library: used as is, as the docker CLI does
    public void Choose_UsesAPinnedVersionAsIs(string pinned, string expected)
    {
        Assert.Equal(Version.Parse(expected), ApiVersionPolicy.Choose(Endpoint, "1.52", "1.44", pinned));
    }

    [Fact]
    public void Choose_PinIsNotCheckedAgainstTheEngine()
    {
        // Even an engine DockerPS would refuse is spoken to when the version is pinned.
        Assert.Equal(new Version(1, 38), ApiVersionPolicy.Choose(Endpoint, "1.38", "1.12", "1.38"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("latest")]
    [InlineData("1")]
    [InlineData("1.41.0")]
    [InlineData("1.x")]
    public void Choose_RefusesAnInvalidPin(string pinned)
    {
        var error = Assert.Throws<DockerEndpointException>(() => ApiVersionPolicy.Choose(Endpoint, "1.52", "1.44", pinned));

        Assert.Equal("InvalidApiVersion", error.ErrorId);
        Assert.Contains($"DOCKER_API_VERSION='{pinned}'", error.Message);
    }

    [Theory]
    [InlineData("1.39")] // Docker 19.03 speaks 1.40; 18.09 speaks 1.39
    [InlineData("1.24")]
    [InlineData("1.4")] // 1.4 is older than 1.40, not equal to it
    public void Choose_RefusesAnEngineOlderThan140(string engineMaximum)
    {
        var error = Assert.Throws<DockerEndpointException>(() => ApiVersionPolicy.Choose(Endpoint, engineMaximum, "1.12", null));

        Assert.Equal("EngineTooOld", error.ErrorId);
        Assert.Contains(Endpoint, error.Message);
        Assert.Contains(engineMaximum, error.Message);
    }

    [Fact]
    public void Choose_RefusesAnEngineWhoseMinimumIsAboveTheChosenVersion()
    {
        var error = Assert.Throws<DockerEndpointException>(() => ApiVersionPolicy.Choose(Endpoint, "1.60", "1.55", null));

        Assert.Equal("EngineTooNew", error.ErrorId);
        Assert.Contains("1.55", error.Message);
    }

    [Fact]
    public void Choose_AcceptsAnEngineWhoseMinimumEqualsTheChosenVersion()
    {
        Assert.Equal(new Version(1, 54), ApiVersionPolicy.Choose(Endpoint, "1.60", "1.54", null));
    }

    [Fact]
    public void Choose_RefusesAnUnreadableEngineVersion()
    {
        var error = Assert.Throws<DockerEndpointException>(() => ApiVersionPolicy.Choose(Endpoint, "garbage", null, null));

        Assert.Equal("InvalidApiVersion", error.ErrorId);
        Assert.Contains("'garbage'", error.Message);
    }

    [Theory]
    [InlineData("1.41", true, 1, 41)]
    [InlineData("v1.54", true, 1, 54)]
    [InlineData("1.4", true, 1, 4)]
    [InlineData(null, false, 0, 0)]
    [InlineData("1", false, 0, 0)]
    [InlineData("1.2.3", false, 0, 0)]
    [InlineData("a.b", false, 0, 0)]
    public void TryParse_AcceptsOnlyMajorDotMinor(string? text, bool valid, int major, int minor)
    {
        Assert.Equal(valid, ApiVersionPolicy.TryParse(text, out var version));
        Assert.Equal(new Version(major, minor), version);
    }
}
