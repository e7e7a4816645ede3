using System;
using System.Text.Json;
using Docker.DotNet;
using DockerPS.Engine;
using DockerPS.Tests.Fakes;
using DockerPS.Volumes;
using Xunit;

namespace DockerPS.Tests;

/// <summary>
/// Reading /system/df's volumes as engines before API 1.52 and Podman answer it, which Docker.DotNet has no model
/// for, and reaching the library's connection to ask for it.
/// </summary>
public sealed class VolumeUsageTests
{
    [Fact]
    public void LegacyAnswer_DockerShape_GivesSizeAndRefCountByName()
    {
        // dockerd 20.10 (API 1.41), as captured: every volume with its UsageData, images and containers beside them.
        const string answer = """
            {"LayersSize":1985599,"Images":[],"Containers":[],"Volumes":[
              {"CreatedAt":"2026-12-05T20:12:42Z","Driver":"local","Labels":{"volprobe":"1"},"Mountpoint":"/var/lib/docker/volumes/data/_data","Name":"data","Options":null,"Scope":"local","UsageData":{"RefCount":1,"Size":123457}},
              {"Driver":"nfs","Name":"remote","Scope":"local","UsageData":{"RefCount":0,"Size":-1}}],
             "BuildCache":null,"BuilderSize":0}
            """;

        var usage = VolumeUsage.FromLegacyAnswer(JsonDocument.Parse(answer).RootElement);

        Assert.Equal(2, usage.Count);
        Assert.Equal((123457L, 1L), usage["data"]);
        Assert.Equal((-1L, 0L), usage["remote"]);
    }

    [Fact]
    public void LegacyAnswer_PodmanShape_WithEmptyDriverAndNoTime_IsReadTheSame()
    {
        const string answer = """{"LayersSize":0,"Images":[],"Containers":[],"Volumes":[{"Driver":"","Labels":{},"Mountpoint":"","Name":"data","Options":null,"Scope":"local","UsageData":{"RefCount":0,"Size":0}}],"BuildCache":[],"BuilderSize":0}""";

        var usage = VolumeUsage.FromLegacyAnswer(JsonDocument.Parse(answer).RootElement);

        Assert.Equal((0L, 0L), usage["data"]);
    }

    [Theory]
    [InlineData("""{"Volumes":null}""")]
    [InlineData("""{"LayersSize":0}""")]
    [InlineData("""{"Volumes":[{"Name":"data"},{"UsageData":{"Size":1,"RefCount":1}},7]}""")]
    [InlineData("[]")]
    public void LegacyAnswer_WithoutUsableVolumes_GivesNothing_RatherThanFailing(string answer)
    {
        Assert.Empty(VolumeUsage.FromLegacyAnswer(JsonDocument.Parse(answer).RootElement));
    }

    [Fact]
    public void LegacyAnswer_FigureThatIsNoWholeNumber_IsNotAvailable()
    {
        var usage = VolumeUsage.FromLegacyAnswer(JsonDocument.Parse("""{"Volumes":[{"Name":"data","UsageData":{"Size":"big"}}]}""").RootElement);

        Assert.Equal((-1L, -1L), usage["data"]);
    }

    [Fact]
    public void RawRequest_ReachesTheLibrarysOwnConnection()
    {
        // Read from Docker.DotNet's private fields: this fails when a new version of the library moves them.
        using var client = new DockerClientBuilder().WithEndpoint(new Uri("unix:///nonexistent/dockerps.sock")).Build();

        Assert.True(RawEngineRequest.Reaches(client));
    }

    [Fact]
    public void RawRequest_ToAClientThatIsNotTheLibrarys_IsRefused()
    {
        using var engine = new FakeEngine();

        Assert.False(RawEngineRequest.Reaches(engine.Engine.Client));
    }
}
