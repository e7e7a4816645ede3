using System;
using System.Collections.Generic;
using System.Linq;
using Docker.DotNet.Models;
using DockerPS.Cleanup;
using DockerPS.Lookup;
using DockerPS.Tests.Fakes;

namespace DockerPS.Tests;

/// <summary>
/// What Clear-DockerSystem's tests share: containers, networks, volumes, images and build cache records as the engine
/// answers them, and the scene docker system prune is usually explained with: a running container using image A,
/// volume V1 and network N1; a stopped one using image B, volume V2 and network N2; a dangling image, an unused tagged
/// image, an unused named volume, an anonymous volume and an unused network.
/// </summary>
internal static class CleanupTestKit
{
    public static readonly DateTime Long = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static string ImageId(string name) => "sha256:" + EngineAnswers.IdOf("image-" + name);

    public static ContainerListResponse Container(string name, string state, string image, string[]? networks = null, string[]? volumes = null, DateTime? created = null, params (string Key, string Value)[] labels) => new()
    {
        ID = EngineAnswers.IdOf(name),
        Names = new List<string> { "/" + name },
        Image = image,
        ImageID = ImageId(image),
        Command = "sleep 3600",
        Created = created ?? Long,
        State = state,
        Status = state,
        Labels = labels.ToDictionary(label => label.Key, label => label.Value),
        Mounts = (volumes ?? Array.Empty<string>()).Select(volume => new MountPoint { Type = "volume", Name = volume, Driver = "local", Destination = "/" + volume, RW = true }).ToList(),
        NetworkSettings = new NetworkSettingsSummary
        {
            Networks = (networks ?? Array.Empty<string>()).ToDictionary(network => network, network => new EndpointSettings { NetworkID = EngineAnswers.IdOf("net-" + network) }),
        },
    };

    public static NetworkResponse Network(string name, DateTime? created = null, params (string Key, string Value)[] labels)
    {
        var network = NetworkTestKit.Network(name);
        network.Created = created ?? Long;
        network.Labels = labels.ToDictionary(label => label.Key, label => label.Value);
        return network;
    }

    public static VolumeResponse Volume(string name, bool anonymous = false, params (string Key, string Value)[] labels)
    {
        var all = labels.ToDictionary(label => label.Key, label => label.Value);
        if (anonymous)
        {
            all[CleanupPlanner.AnonymousVolumeLabel] = string.Empty;
        }

        var volume = VolumeTestKit.Volume(name, labels: all);
        volume.CreatedAt = "2026-01-01T00:00:00Z";
        return volume;
    }

    /// <summary>An image under its tags (none: dangling), built on <paramref name="parent"/>.</summary>
    public static ImagesListResponse Image(string name, string[] tags, string? parent = null, long size = 1000, DateTime? created = null, params (string Key, string Value)[] labels) => new()
    {
        ID = ImageId(name),
        RepoTags = tags.ToList(),
        RepoDigests = new List<string>(),
        ParentID = parent is null ? string.Empty : ImageId(parent),
        Created = created ?? Long,
        Size = size,
        Labels = labels.ToDictionary(label => label.Key, label => label.Value),
    };

    public static DockerBuildCacheRecord Record(FakeEngine engine, string id, bool inUse = false, bool shared = false, string type = "regular", DateTime? lastUsed = null, long size = 100, params string[] parents) =>
        new(engine.Endpoint, id, parents, type, "RUN make", inUse, shared, size, Long, lastUsed, 1);

    /// <summary>The scene's containers: web runs (a:1, v1, n1), job has stopped (b:1, v2, n2).</summary>
    public static List<ContainerListResponse> SceneContainers(params (string Key, string Value)[] labels) => new()
    {
        Container("web", "running", "a", new[] { "n1" }, new[] { "v1" }, labels: labels),
        Container("job", "exited", "b", new[] { "n2" }, new[] { "v2" }, labels: labels),
    };

    public static List<NetworkResponse> SceneNetworks(params (string Key, string Value)[] labels)
    {
        // dockerd's inspect lists the running container only: a stopped one has no endpoint.
        var n1 = Network("n1", labels: labels);
        n1.Containers = new Dictionary<string, EndpointResource> { [EngineAnswers.IdOf("web")] = new() { Name = "web" } };
        return new List<NetworkResponse> { Network("bridge"), Network("host"), Network("none"), n1, Network("n2", labels: labels), Network("n3", labels: labels) };
    }

    public static List<VolumeResponse> SceneVolumes(params (string Key, string Value)[] labels) => new()
    {
        Volume("v1", labels: labels),
        Volume("v2", labels: labels),
        Volume("v3", labels: labels),
        Volume("anon" + new string('0', 60), anonymous: true, labels: labels),
    };

    /// <summary>a:1 (used by web), b:1 (used by job), a dangling image, and u:1 that nothing uses.</summary>
    public static List<ImagesListResponse> SceneImages(params (string Key, string Value)[] labels) => new()
    {
        Image("a", new[] { "a:1" }, labels: labels),
        Image("b", new[] { "b:1" }, labels: labels),
        Image("dangling", Array.Empty<string>(), labels: labels),
        Image("u", new[] { "u:1", "u:latest" }, labels: labels),
    };

    public static CleanupRules Rules(bool all = false, bool volumes = false, bool buildCache = false, DateTime? createdBefore = null, params string[] labels) =>
        new(all, volumes, buildCache, createdBefore, LabelFilter.Parse(labels));
}
