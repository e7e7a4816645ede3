using System;
using System.Management.Automation;
using Docker.DotNet.Models;
using DockerPS.Mapping;
using Xunit;

namespace DockerPS.Tests;

/// <summary>What a parameter taking volumes makes of the objects given to it, live and after serialization.</summary>
public sealed class DockerVolumeIdentityTests
{
    private static readonly DockerEndpoint Endpoint = new(new Uri("tcp://10.0.0.5:2375"), DockerEndpointSource.ContextParameter, "build");

    [Fact]
    public void Volume_StandsForItself_OnItsEngine()
    {
        var identity = new DockerVolumeIdentity(ModelMapper.ToVolume(new VolumeResponse { Name = "data", Driver = "local" }, Endpoint));

        Assert.Equal(("data", Endpoint, (string?)null), (identity.Reference, identity.Endpoint, identity.Refusal));
    }

    [Fact]
    public void VolumeMount_StandsForTheVolumeItMounts_OnItsContainersEngine()
    {
        var identity = new DockerVolumeIdentity((object)new DockerMount(Endpoint, "volume", "data", "/var/lib/docker/volumes/data/_data", "/srv", "z", true));

        Assert.Equal(("data", Endpoint, (string?)null), (identity.Reference, identity.Endpoint, identity.Refusal));
    }

    [Fact]
    public void DeserializedVolumeMount_StillNamesItsVolumeAndEngine()
    {
        // As Export-Clixml (depth 2) gives it back: a property bag named Deserialized.DockerPS.DockerMount.
        var mount = new DockerMount(Endpoint, "volume", "data", null, "/srv", string.Empty, true);
        var deserialized = PSSerializer.Deserialize(PSSerializer.Serialize(mount, 2));

        var identity = new DockerVolumeIdentity(deserialized);

        Assert.Equal("data", identity.Reference);
        Assert.Equal(Endpoint, identity.Endpoint);
        Assert.Null(identity.Refusal);
    }

    [Theory]
    [InlineData("bind", null, "/srv/data", "The DockerMount '/srv/data:/srv' is a bind mount, not a volume.")]
    [InlineData("tmpfs", null, null, "The DockerMount ':/srv' is a tmpfs mount, not a volume.")]
    [InlineData("volume", null, "/somewhere", "The DockerMount '/somewhere:/srv' names no volume.")]
    public void MountOfNoNamedVolume_IsRefused(string type, string? name, string? source, string refusal)
    {
        var identity = new DockerVolumeIdentity((object)new DockerMount(Endpoint, type, name, source, "/srv", string.Empty, true));

        Assert.Equal(refusal, identity.Refusal);
        Assert.Null(identity.Endpoint);
    }

    [Fact]
    public void ObjectOfAnotherKind_NamesTheVolumeByVolumeNameBeforeName()
    {
        var row = new PSObject();
        row.Properties.Add(new PSNoteProperty("Name", "web"));
        row.Properties.Add(new PSNoteProperty("VolumeName", "data"));

        var identity = new DockerVolumeIdentity(row);

        Assert.Equal(("data", (DockerEndpoint?)null, (string?)null), (identity.Reference, identity.Endpoint, identity.Refusal));
    }
}
