using System;
using Xunit;

namespace DockerPS.Tests;

/// <summary>Each line of docker rmi's answer prints as docker rmi prints it.</summary>
public class DockerImageDeletionTests
{
    private const string ImageId = "sha256:605c77e624ddb75e6110f997c58876baa13f8754486b461117934b24a9dc3a85";

    private static readonly DockerEndpoint Endpoint = new(new Uri("unix:///var/run/docker.sock"), DockerEndpointSource.PlatformDefault, "default");

    [Fact]
    public void ToString_Untagged()
    {
        var deletion = new DockerImageDeletion(Endpoint, "alpine:latest", null);

        Assert.Equal("Untagged: alpine:latest", deletion.ToString());
    }

    [Fact]
    public void ToString_UntaggedDigest()
    {
        var deletion = new DockerImageDeletion(Endpoint, "alpine@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31", null);

        Assert.Equal("Untagged: alpine@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31", deletion.ToString());
    }

    [Fact]
    public void ToString_Deleted()
    {
        var deletion = new DockerImageDeletion(Endpoint, null, ImageId);

        Assert.Equal("Deleted: " + ImageId, deletion.ToString());
    }

    [Fact]
    public void ToString_BothSet_ShowsTheUntag()
    {
        var deletion = new DockerImageDeletion(Endpoint, "alpine:3.20", ImageId);

        Assert.Equal("Untagged: alpine:3.20", deletion.ToString());
    }

    [Fact]
    public void Constructor_KeepsEveryProperty()
    {
        var deletion = new DockerImageDeletion(Endpoint, "alpine:latest", ImageId);

        Assert.Same(Endpoint, deletion.Endpoint);
        Assert.Equal("alpine:latest", deletion.Untagged);
        Assert.Equal(ImageId, deletion.Deleted);
    }

    [Fact]
    public void Constructor_KeepsMissingValues()
    {
        var deletion = new DockerImageDeletion(Endpoint, null, ImageId);

        Assert.Null(deletion.Untagged);
        Assert.Equal(ImageId, deletion.Deleted);
    }
}
